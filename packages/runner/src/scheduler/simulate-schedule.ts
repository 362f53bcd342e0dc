import type { TaskGraph } from '../graph/task-graph.js';
import type { TaskId } from '../model/task-id.js';
import { upwardRanks } from './critical-path.js';
import { ReadyQueue } from './ready-queue.js';

export interface PlannedTask {
  id: TaskId;
  /** Estimated start and end, in ms from the start of the run. */
  startMs: number;
  endMs: number;
  /** Remaining critical path from this task on (its priority). */
  rank: number;
}

/**
 * What the scheduler would do if every task took its estimate: the same critical-path-first list scheduling on
 * `concurrency` slots, played out on a virtual clock. Used by `--dry-run` to show the plan.
 */
export function simulateSchedule(
  graph: TaskGraph,
  estimates: ReadonlyMap<TaskId, number>,
  concurrency: number,
): { tasks: PlannedTask[]; makespanMs: number } {
  const estimate = (id: TaskId) => estimates.get(id) ?? 0;
  const ranks = upwardRanks(graph, estimate);
  const ready = new ReadyQueue((id) => ranks.get(id) ?? 0);
  const waitingOn = new Map<TaskId, number>();
  for (const [id, task] of graph.tasks) {
    const count = task.dependencies.filter((dep) => graph.tasks.has(dep)).length;
    waitingOn.set(id, count);
    if (count === 0) ready.push(id);
  }
  const planned: PlannedTask[] = [];
  let running: PlannedTask[] = [];
  let clock = 0;
  while (ready.size > 0 || running.length > 0) {
    while (running.length < concurrency && ready.size > 0) {
      const id = ready.pop()!;
      const task = { id, startMs: clock, endMs: clock + estimate(id), rank: ranks.get(id) ?? 0 };
      planned.push(task);
      running.push(task);
    }
    clock = Math.min(...running.map((task) => task.endMs));
    const finished = running.filter((task) => task.endMs <= clock);
    running = running.filter((task) => task.endMs > clock);
    for (const task of finished) {
      for (const dependent of graph.dependents.get(task.id) ?? []) {
        const count = waitingOn.get(dependent);
        if (count === undefined) continue;
        waitingOn.set(dependent, count - 1);
        if (count === 1) ready.push(dependent);
      }
    }
  }
  return { tasks: planned, makespanMs: clock };
}
