import type { Problem } from './problem.js';

// vitest: ` FAIL  test/a.test.ts > suite > name` (optionally ` FAIL  |project| …`); jest: ` FAIL  src/a.test.js`.
const FAIL = /^\s*FAIL\s+(?:\|[^|]+\|\s+)?(?<file>\S+?)(?:\s+>\s+(?<title>.+?))?\s*$/;
// jest names a failed test on its own line: `  ● suite › name`.
const JEST_TITLE = /^\s*●\s+(?<title>.+?)\s*$/;
// vitest points at the failing line with `❯ file:line:col`; jest with a stack frame `at … (file:line:col)`.
const VITEST_AT = /^\s*❯\s+(?<file>\S+?):(?<line>\d+):(?<col>\d+)\s*$/;
const JEST_AT = /^\s*at (?:.+ \()?(?<file>[^\s()]+?):(?<line>\d+):(?<col>\d+)\)?\s*$/;
const RULE = /^[\s⎯─-]*$/;

interface Pending {
  file: string;
  title: string | undefined;
  message: string | undefined;
  located: boolean;
}

/** Failed tests from vitest and jest output: the test file, the failing line where printed, and the first error line. */
export function parseTestOutput(lines: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  let pending: Pending | undefined;
  let fileOfSuite: string | undefined;

  const flush = () => {
    if (pending && !pending.located) problems.push(toProblem(pending));
    pending = undefined;
  };

  for (const line of lines) {
    const fail = FAIL.exec(line)?.groups;
    if (fail) {
      flush();
      fileOfSuite = fail['file'];
      if (fileOfSuite !== undefined && fail['title'] !== undefined) pending = { file: fileOfSuite, title: fail['title'], message: undefined, located: false };
      continue;
    }
    const jestTitle = JEST_TITLE.exec(line)?.groups;
    if (jestTitle && fileOfSuite !== undefined) {
      flush();
      pending = { file: fileOfSuite, title: jestTitle['title'], message: undefined, located: false };
      continue;
    }
    if (!pending || pending.located) continue;
    const at = (VITEST_AT.exec(line) ?? JEST_AT.exec(line))?.groups;
    if (at) {
      pending.located = true;
      problems.push({ ...toProblem(pending), file: at['file'] as string, line: Number(at['line']), col: Number(at['col']) });
      continue;
    }
    if (pending.message === undefined && !RULE.test(line)) pending.message = line.trim();
  }
  flush();
  return problems;
}

function toProblem(pending: Pending): Problem {
  const parts = [pending.title, pending.message].filter((part): part is string => Boolean(part));
  return { file: pending.file, message: parts.join(': ') || 'Test failed' };
}
