import { describe, expect, it } from 'vitest';
import { parseEslint } from '../src/annotations/parse-eslint.js';
import { parseProblems } from '../src/annotations/parse-problems.js';
import { parseTestOutput } from '../src/annotations/parse-test-output.js';
import { parseTsc } from '../src/annotations/parse-tsc.js';
import { planAnnotations } from '../src/annotations/plan-annotations.js';
import { taskResult } from './synthetic-run.js';

describe('parseTsc', () => {
  it('reads the plain format', () => {
    expect(parseTsc(["src/a.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'."])).toEqual([
      { file: 'src/a.ts', line: 3, col: 7, message: "TS2322: Type 'string' is not assignable to type 'number'." },
    ]);
  });

  it('reads the pretty format once colours are stripped', () => {
    const pretty = "\x1b[96msrc/a.ts\x1b[0m:\x1b[93m1\x1b[0m:\x1b[93m7\x1b[0m - \x1b[91merror\x1b[0m\x1b[90m TS2322: \x1b[0mType 'string' is not assignable to type 'number'.";
    expect(parseProblems([pretty, '', "\x1b[7m1\x1b[0m const x: number = 'a';"])).toEqual([
      { file: 'src/a.ts', line: 1, col: 7, message: "TS2322: Type 'string' is not assignable to type 'number'." },
    ]);
  });

  it('ignores warnings and prose', () => {
    expect(parseTsc(['Found 1 error in src/a.ts:3', 'src/a.ts(3,7): warning TS6133: unused'])).toEqual([]);
  });
});

describe('parseEslint', () => {
  it('reads errors of the stylish format under their file header, skipping warnings', () => {
    const output = [
      '',
      '/repo/packages/a/src/b.js',
      "  1:5   error  'unused' is assigned a value but never used  no-unused-vars",
      '  2:1   warning  Unexpected console statement            no-console',
      '  2:12  error  Missing semicolon                            semi',
      '',
      '✖ 3 problems (2 errors, 1 warning)',
      '  1 error and 0 warnings potentially fixable with the `--fix` option.',
    ];
    expect(parseEslint(output)).toEqual([
      { file: '/repo/packages/a/src/b.js', line: 1, col: 5, message: "'unused' is assigned a value but never used (no-unused-vars)" },
      { file: '/repo/packages/a/src/b.js', line: 2, col: 12, message: 'Missing semicolon (semi)' },
    ]);
  });

  it('reads the unix format', () => {
    expect(parseEslint(['/repo/src/b.js:2:12: Missing semicolon. [Error/semi]', '/repo/src/b.js:3:1: Unexpected console. [Warning/no-console]'])).toEqual([
      { file: '/repo/src/b.js', line: 2, col: 12, message: 'Missing semicolon. (semi)' },
    ]);
  });
});

describe('parseTestOutput', () => {
  it('reads a vitest failure with its location and first error line', () => {
    const output = [
      ' ❯ t/a.test.ts (1 test | 1 failed) 14ms',
      '   × adds 12ms',
      '⎯⎯⎯⎯⎯⎯⎯ Failed Tests 1 ⎯⎯⎯⎯⎯⎯⎯',
      '',
      ' FAIL  t/a.test.ts > math > adds',
      'AssertionError: expected 2 to be 3 // Object.is equality',
      '',
      '- Expected',
      ' ❯ t/a.test.ts:3:15',
      '      1| import {test,expect} from "vitest";',
    ];
    expect(parseTestOutput(output)).toEqual([
      { file: 't/a.test.ts', line: 3, col: 15, message: 'math > adds: AssertionError: expected 2 to be 3 // Object.is equality' },
    ]);
  });

  it('reads a vitest project-prefixed failure without a location as file-level', () => {
    expect(parseTestOutput([' FAIL  |unit| t/b.test.ts > boom', 'Error: nope'])).toEqual([{ file: 't/b.test.ts', message: 'boom: Error: nope' }]);
  });

  it('reads jest failures from the ● title and the first stack frame', () => {
    const output = [
      ' FAIL  src/a.test.js',
      '  ● math › adds',
      '',
      '    expect(received).toBe(expected) // Object.is equality',
      '',
      '      at Object.toBe (src/a.test.js:4:17)',
      '  ● math › subtracts',
      '',
      '    boom',
    ];
    expect(parseTestOutput(output)).toEqual([
      { file: 'src/a.test.js', line: 4, col: 17, message: 'math › adds: expect(received).toBe(expected) // Object.is equality' },
      { file: 'src/a.test.js', message: 'math › subtracts: boom' },
    ]);
  });
});

describe('planAnnotations', () => {
  it('makes file paths relative to the repository and drops paths outside it', () => {
    const { annotations } = planAnnotations(
      [
        {
          result: taskResult('@acme/a#build', { status: 'failed', exitCode: 2 }),
          dir: '/repo/packages/a',
          lines: ['src/a.ts(3,7): error TS2322: Bad.', '/elsewhere/x.ts(1,1): error TS1000: Outside.'],
        },
      ],
      '/repo',
      10,
    );
    expect(annotations).toEqual([
      { title: '@acme/a#build', file: 'packages/a/src/a.ts', line: 3, col: 7, message: 'TS2322: Bad.' },
      { title: '@acme/a#build', message: 'TS1000: Outside.' },
    ]);
  });

  it('annotates a failed task whose output names no file with its exit code and log tail', () => {
    const result = taskResult('a#test', { status: 'failed', exitCode: 1, logTail: ['x', 'something broke'] });
    expect(planAnnotations([{ result, dir: '/repo/a', lines: ['something broke'] }], '/repo', 10).annotations).toEqual([
      { title: 'a#test', message: 'a#test failed with exit code 1\nx\nsomething broke' },
    ]);
  });

  it('keeps at most the cap, the first problem of every task before any second, and counts the rest', () => {
    const failed = ['a', 'b', 'c'].map((name) => ({
      result: taskResult(`${name}#build`, { status: 'failed', exitCode: 1 }),
      dir: `/repo/${name}`,
      lines: Array.from({ length: 5 }, (_, i) => `src/${name}.ts(${i + 1},1): error TS1: e${i}`),
    }));
    const { annotations, omitted } = planAnnotations(failed, '/repo', 4);
    expect(annotations.map((a) => `${a.file}:${a.line}`)).toEqual(['a/src/a.ts:1', 'b/src/b.ts:1', 'c/src/c.ts:1', 'a/src/a.ts:2']);
    expect(omitted).toBe(11);
  });
});
