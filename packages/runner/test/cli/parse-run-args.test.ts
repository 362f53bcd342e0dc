import { describe, expect, it } from 'vitest';
import { HELP_TEXT } from '../../src/cli/help-text.js';
import { parseRunArgs, RUN_FLAGS } from '../../src/cli/parse-run-args.js';
import { formatError } from '../../src/cli/format-error.js';
import { RunnerError } from '../../src/errors.js';
import { resolveConcurrency } from '../../src/scheduler/resolve-concurrency.js';

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('fanout run arguments', () => {
  it('maps every option onto RunOptions and keeps what follows -- for the scripts', () => {
    const command = parseRunArgs([
      'lint',
      'test',
      '--filter',
      '@acme/*',
      '-F',
      '...[origin/main]',
      '--concurrency',
      '50%',
      '--continue',
      '--only',
      '--no-cache',
      '--force',
      '--cache-dir',
      '.cache',
      '--summary',
      'summary.json',
      '--profile',
      'trace.json',
      '--shard',
      '2/3',
      '--output',
      'stream',
      '--explain',
      '--',
      '--coverage',
      '--filter',
      'x',
    ]);
    expect(command).toEqual({
      options: {
        scripts: ['lint', 'test'],
        args: ['--coverage', '--filter', 'x'],
        filter: ['@acme/*', '...[origin/main]'],
        concurrency: '50%',
        continueOnError: true,
        only: true,
        cache: false,
        force: true,
        cacheDir: '.cache',
        summaryFile: 'summary.json',
        profileFile: 'trace.json',
        shard: { index: 2, total: 3 },
      },
      output: 'stream',
      explain: true,
      dryRun: false,
      graph: false,
      help: false,
    });
  });

  it('has a line of --help for every flag it takes', () => {
    expect(RUN_FLAGS).toContain('--only');
    expect(HELP_TEXT).toContain('fanout --help');
    for (const flag of RUN_FLAGS.filter((name) => name !== '--help')) expect(HELP_TEXT, flag).toMatch(new RegExp(`^  (-\\w, )?${flag}\\b`, 'm'));
  });

  it('takes optional values only with =, so a bare flag never swallows a script name', () => {
    expect(parseRunArgs(['--affected', 'build']).options).toMatchObject({ scripts: ['build'], affected: true });
    expect(parseRunArgs(['build', '--affected=origin/dev']).options.affected).toBe('origin/dev');
    expect(parseRunArgs(['--dry-run', 'build'])).toMatchObject({ dryRun: 'text', options: { scripts: ['build'] } });
    expect(parseRunArgs(['build', '--dry-run=json']).dryRun).toBe('json');
    expect(parseRunArgs(['--graph', 'build']).graph).toBe('dot');
    expect(parseRunArgs(['build', '--graph=mermaid']).graph).toBe('mermaid');
  });

  it('collects every --changed-files-ignore-pattern and rejects an empty one', () => {
    const command = parseRunArgs(['test', '--affected', '--changed-files-ignore-pattern', '**/*.md', '--changed-files-ignore-pattern=docs/**']);
    expect(command.options).toMatchObject({ scripts: ['test'], affected: true, changedFilesIgnorePattern: ['**/*.md', 'docs/**'] });
    expect(parseRunArgs(['test']).options.changedFilesIgnorePattern).toBeUndefined();
    expect(codeOf(() => parseRunArgs(['test', '--changed-files-ignore-pattern=']))).toBe('ERR_RUNNER_USAGE');
    expect(() => parseRunArgs(['test', '--changed-files-ignore-pattern', ''])).toThrow('Expected `--changed-files-ignore-pattern` to be a non-empty glob');
    expect(codeOf(() => parseRunArgs(['test', '--changed-files-ignore-pattern']))).toBe('ERR_RUNNER_USAGE');
  });

  it('rejects unknown options, bad values and a missing script as usage errors', () => {
    expect(codeOf(() => parseRunArgs(['build', '--frobnicate']))).toBe('ERR_RUNNER_USAGE');
    expect(codeOf(() => parseRunArgs(['build', '--output', 'loud']))).toBe('ERR_RUNNER_USAGE');
    expect(codeOf(() => parseRunArgs(['build', '--graph=png']))).toBe('ERR_RUNNER_USAGE');
    expect(codeOf(() => parseRunArgs(['build', '--shard', '4/3']))).toBe('ERR_RUNNER_USAGE');
    expect(codeOf(() => parseRunArgs(['--continue']))).toBe('ERR_RUNNER_USAGE');
  });
});

describe('concurrency', () => {
  it('accepts a whole number or a percentage of the cores, at least one', () => {
    expect(resolveConcurrency(undefined, 8)).toBe(8);
    expect(resolveConcurrency(3, 8)).toBe(3);
    expect(resolveConcurrency('3', 8)).toBe(3);
    expect(resolveConcurrency('50%', 8)).toBe(4);
    expect(resolveConcurrency('10%', 2)).toBe(1);
  });

  it('rejects zero, fractions, negatives and words with the option named', () => {
    for (const value of [0, 1.5, -1, '0', 'many', '0%', '%']) {
      expect(codeOf(() => resolveConcurrency(value, 4))).toBe('ERR_RUNNER_USAGE');
    }
    expect(() => resolveConcurrency(0, 4)).toThrow('Expected `concurrency` to be an integer from 1 and up or a percentage above 0%, got `0` (number)');
  });
});

describe('error output', () => {
  it('prints the code, the message, the file position and the hint', () => {
    const error = new RunnerError('ERR_RUNNER_CONFIG', 'Expected `dependsOn` to be an array', {
      file: '/repo/fanout.json',
      line: 3,
      column: 17,
      hint: 'Write `"dependsOn": ["^build"]`.',
    });
    expect(formatError(error)).toBe(
      'error ERR_RUNNER_CONFIG: Expected `dependsOn` to be an array\n  at /repo/fanout.json:3:17\n  hint: Write `"dependsOn": ["^build"]`.\n',
    );
  });
});
