import type { Problem } from './problem.js';

// `src/a.ts(3,7): error TS2322: …` (plain) and `src/a.ts:3:7 - error TS2322: …` (--pretty, colours stripped).
const PLAIN = /^(?<file>[^\s(][^(]*?)\((?<line>\d+),(?<col>\d+)\): error (?<code>TS\d+): (?<message>.*)$/;
const PRETTY = /^(?<file>\S.*?):(?<line>\d+):(?<col>\d+) - error (?<code>TS\d+): (?<message>.*)$/;

/** Errors from `tsc` output, in either of its formats. */
export function parseTsc(lines: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  for (const line of lines) {
    const groups = (PLAIN.exec(line) ?? PRETTY.exec(line))?.groups;
    if (!groups) continue;
    problems.push({
      file: groups['file'] as string,
      line: Number(groups['line']),
      col: Number(groups['col']),
      message: `${groups['code']}: ${groups['message']}`,
    });
  }
  return problems;
}
