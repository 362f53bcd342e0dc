import type { TaskGraph } from '../graph/task-graph.js';
import type { TaskId } from '../model/task-id.js';

/**
 * The graph's tasks with every task after its dependencies (Kahn's algorithm, ties in the graph's own order,
 * so the result is deterministic). Dependencies outside the graph (a sharded-out task) are ignored.
 */
export function topologicalOrder(graph: TaskGraph): TaskId[] {
  const waiting = new Map<TaskId, number>();
  for (const [id, task] of graph.tasks) {
    waiting.set(id, task.dependencies.filter((dep) => graph.tasks.has(dep)).length);
  }
  const order: TaskId[] = [];
  for (const [id, count] of waiting) if (count === 0) order.push(id);
  for (let next = 0; next < order.length; next++) {
    for (const dependent of graph.dependents.get(order[next]!) ?? []) {
      const count = waiting.get(dependent);
      if (count === undefined) continue;
      waiting.set(dependent, count - 1);
      if (count === 1) order.push(dependent);
    }
  }
  return order;
}
