import type { Problem } from './problem.js';

// stylish: a file's absolute path on its own line, then indented `3:7  error  message  rule-id` lines.
const STYLISH_FILE = /^(?<file>(?:\/|[A-Za-z]:[\\/]).*\.[A-Za-z0-9]+)$/;
const STYLISH_PROBLEM = /^\s+(?<line>\d+):(?<col>\d+)\s+error\s+(?<message>.+?)(?:\s{2,}(?<rule>\S+))?\s*$/;
// unix: `/abs/src/a.ts:3:7: message [Error/rule-id]`
const UNIX = /^(?<file>\S.*?):(?<line>\d+):(?<col>\d+): (?<message>.+?) \[Error(?:\/(?<rule>[^\]]+))?\]$/;

/** Errors (not warnings) from ESLint's `stylish` (default) and `unix` formatters. */
export function parseEslint(lines: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  let file: string | undefined;
  for (const line of lines) {
    const unix = UNIX.exec(line)?.groups;
    if (unix) {
      problems.push(toProblem(unix['file'] as string, unix));
      continue;
    }
    const header = STYLISH_FILE.exec(line)?.groups;
    if (header) {
      file = header['file'];
      continue;
    }
    const problem = STYLISH_PROBLEM.exec(line)?.groups;
    if (problem && file !== undefined) problems.push(toProblem(file, problem));
    else if (line.trim() === '') file = undefined;
  }
  return problems;
}

function toProblem(file: string, groups: Record<string, string | undefined>): Problem {
  const rule = groups['rule'];
  return {
    file,
    line: Number(groups['line']),
    col: Number(groups['col']),
    message: rule ? `${groups['message']} (${rule})` : (groups['message'] as string),
  };
}
