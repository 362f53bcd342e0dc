import * as path from 'node:path';
import type { TaskResult } from '@fanout/runner';
import type { AnnotationLocation } from '../workflow-command.js';
import { parseProblems } from './parse-problems.js';

export interface Annotation extends AnnotationLocation {
  message: string;
}

export interface FailedTaskOutput {
  result: TaskResult;
  /** Absolute package directory: the base of the relative paths tools print. */
  dir: string | undefined;
  lines: readonly string[];
}

/**
 * The error annotations for a run's failures: each problem a tool printed (with file/line/col), or one annotation
 * for a failed task whose output named none. Capped at `max`, taking the first of every task before any task's
 * second, so ten failing packages each get one; `omitted` counts the rest for the job summary.
 */
export function planAnnotations(
  failed: readonly FailedTaskOutput[],
  workspace: string,
  max: number,
): { annotations: Annotation[]; omitted: number } {
  const perTask = failed.map((task) => annotationsOf(task, workspace));
  const annotations: Annotation[] = [];
  let total = 0;
  for (let round = 0; perTask.some((list) => round < list.length); round++) {
    for (const list of perTask) {
      const annotation = list[round];
      if (annotation === undefined) continue;
      total++;
      if (annotations.length < max) annotations.push(annotation);
    }
  }
  return { annotations, omitted: total - annotations.length };
}

function annotationsOf({ result, dir, lines }: FailedTaskOutput, workspace: string): Annotation[] {
  const title = result.id;
  const problems = parseProblems(lines);
  if (problems.length === 0) {
    const tail = result.logTail.slice(-5).join('\n');
    return [{ title, message: `${result.id} ${describeFailure(result)}${tail ? `\n${tail}` : ''}` }];
  }
  return problems.map((problem) => {
    const file = repoRelative(problem.file, dir, workspace);
    return {
      title,
      ...(file !== undefined && { file }),
      ...(file !== undefined && problem.line !== undefined && { line: problem.line }),
      ...(file !== undefined && problem.col !== undefined && { col: problem.col }),
      message: problem.message,
    };
  });
}

export function describeFailure(result: TaskResult): string {
  if (result.timedOut) return 'timed out';
  if (result.signal) return `was killed by ${result.signal}`;
  return `failed with exit code ${result.exitCode ?? 'unknown'}`;
}

/** Annotation paths are relative to the repository root; a path outside it gets no file at all. */
function repoRelative(file: string, dir: string | undefined, workspace: string): string | undefined {
  const absolute = path.resolve(dir ?? workspace, file);
  const relative = path.relative(workspace, absolute);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}
