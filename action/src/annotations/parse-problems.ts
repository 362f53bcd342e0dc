import { stripVTControlCharacters } from 'node:util';
import { parseEslint } from './parse-eslint.js';
import { parseTestOutput } from './parse-test-output.js';
import { parseTsc } from './parse-tsc.js';
import type { Problem } from './problem.js';

/** Every error that tsc, ESLint, vitest or jest printed in a task's output, deduplicated, in output order per tool. */
export function parseProblems(output: readonly string[]): Problem[] {
  const lines = output.map((line) => stripVTControlCharacters(line));
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const problem of [...parseTsc(lines), ...parseEslint(lines), ...parseTestOutput(lines)]) {
    const key = `${problem.file}:${problem.line}:${problem.col}:${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}
