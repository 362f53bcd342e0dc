import type { Task } from '../model/task.js';
import { parseTaskId, type TaskId } from '../model/task-id.js';
import type { DurationHistory } from './duration-history.js';

/** What a task with no history and nothing similar to go by is assumed to take. */
export const DEFAULT_TASK_ESTIMATE_MS = 1000;

/**
 * Estimated duration of every task: its measured history; else the median of the same script in other
 * packages (a `build` is like other builds); else the median of everything measured; else a default.
 */
export function estimateDurations(tasks: Iterable<Task>, history: DurationHistory): Map<TaskId, number> {
  const byScript = new Map<string, number[]>();
  const all: number[] = [];
  for (const [id, ms] of history.entries()) {
    const { script } = parseTaskId(id);
    let list = byScript.get(script);
    if (!list) byScript.set(script, (list = []));
    list.push(ms);
    all.push(ms);
  }
  const overall = all.length > 0 ? median(all) : DEFAULT_TASK_ESTIMATE_MS;
  const scriptMedians = new Map([...byScript].map(([script, list]) => [script, median(list)]));

  const estimates = new Map<TaskId, number>();
  for (const task of tasks) {
    estimates.set(task.id, history.get(task.id) ?? scriptMedians.get(task.script) ?? overall);
  }
  return estimates;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
