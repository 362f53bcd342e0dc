import type { Task } from '../model/task.js';
import type { TaskId } from '../model/task-id.js';
import { reverseEdges } from './reverse-edges.js';
import type { TaskGraph } from './task-graph.js';

/** Estimate for a task without a measured duration: all unknown tasks weigh the same. */
const UNKNOWN_MS = 1_000;

/**
 * Slice `index` (1-based) of `total` for CI matrix sharding. The targets — tasks nothing else in the graph waits for —
 * are split between the shards; each shard also runs every task its targets depend on, so a shared dependency (a
 * library's build) runs in every shard that needs it (a cache hit where a remote cache is shared). The union of the
 * shards is the whole graph.
 *
 * Deterministic and balanced by estimated work: targets are taken heaviest first (their dependency closure's duration,
 * then id), each going to the shard whose total grows least by taking it, counting dependencies it already has as free;
 * ties go to the lower shard number. The same graph and estimates give the same slices on every machine.
 */
export function shardTasks(graph: TaskGraph, shard: { index: number; total: number }, durations?: ReadonlyMap<TaskId, number>): TaskGraph {
  const cost = (id: TaskId) => durations?.get(id) ?? UNKNOWN_MS;
  const closures = new Map<TaskId, Set<TaskId>>();
  const targets = [...graph.tasks.keys()].filter((id) => (graph.dependents.get(id)?.length ?? 0) === 0);
  const weighed = targets
    .map((id) => {
      const closure = closureOf(graph, id);
      closures.set(id, closure);
      let ms = 0;
      for (const member of closure) ms += cost(member);
      return { id, ms };
    })
    .sort((a, b) => b.ms - a.ms || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const shards = Array.from({ length: shard.total }, () => ({ load: 0, tasks: new Set<TaskId>() }));
  for (const { id } of weighed) {
    let best = 0;
    let bestLoad = Number.POSITIVE_INFINITY;
    shards.forEach((candidate, at) => {
      let added = 0;
      for (const member of closures.get(id)!) if (!candidate.tasks.has(member)) added += cost(member);
      if (candidate.load + added < bestLoad) {
        bestLoad = candidate.load + added;
        best = at;
      }
    });
    const chosen = shards[best]!;
    for (const member of closures.get(id)!) chosen.tasks.add(member);
    chosen.load = bestLoad;
  }

  const mine = shards[shard.index - 1]?.tasks ?? new Set<TaskId>();
  const tasks = new Map<TaskId, Task>();
  for (const [id, task] of graph.tasks) if (mine.has(id)) tasks.set(id, task);
  return { tasks, dependents: reverseEdges(tasks), ...(graph.wholeTasks ? { wholeTasks: graph.wholeTasks } : {}) };
}

function closureOf(graph: TaskGraph, id: TaskId): Set<TaskId> {
  const closure = new Set<TaskId>([id]);
  const stack = [id];
  while (stack.length > 0) {
    for (const dependency of graph.tasks.get(stack.pop()!)?.dependencies ?? []) {
      if (!closure.has(dependency)) {
        closure.add(dependency);
        stack.push(dependency);
      }
    }
  }
  return closure;
}
