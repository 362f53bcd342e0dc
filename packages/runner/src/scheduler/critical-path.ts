import type { TaskGraph } from '../graph/task-graph.js';
import type { TaskId } from '../model/task-id.js';
import { topologicalOrder } from './topological-order.js';

/**
 * Upward rank of every task: its own duration plus the largest rank among its dependents — the length of the
 * longest chain of work that cannot start before this task ends. Ready tasks with the highest rank go first.
 */
export function upwardRanks(graph: TaskGraph, durationOf: (id: TaskId) => number): Map<TaskId, number> {
  const ranks = new Map<TaskId, number>();
  for (const id of topologicalOrder(graph).reverse()) {
    let longestAfter = 0;
    for (const dependent of graph.dependents.get(id) ?? []) {
      longestAfter = Math.max(longestAfter, ranks.get(dependent) ?? 0);
    }
    ranks.set(id, durationOf(id) + longestAfter);
  }
  return ranks;
}

/** The chain of tasks with the largest summed duration, first task first. */
export function criticalPath(graph: TaskGraph, durationOf: (id: TaskId) => number): { tasks: TaskId[]; ms: number } {
  const ranks = upwardRanks(graph, durationOf);
  const best = (ids: Iterable<TaskId>): TaskId | undefined => {
    let top: TaskId | undefined;
    for (const id of ids) {
      const rank = ranks.get(id);
      if (rank !== undefined && (top === undefined || rank > ranks.get(top)!)) top = id;
    }
    return top;
  };
  const starts = [...graph.tasks.values()]
    .filter((task) => task.dependencies.every((dep) => !graph.tasks.has(dep)))
    .map((task) => task.id);
  const tasks: TaskId[] = [];
  for (let id = best(starts); id !== undefined; id = best(graph.dependents.get(id) ?? [])) tasks.push(id);
  return { tasks, ms: tasks.length === 0 ? 0 : ranks.get(tasks[0]!)! };
}
