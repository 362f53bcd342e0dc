import type { Task } from '../model/task.js';
import type { TaskId } from '../model/task-id.js';

/**
 * The tasks in `keep`, each depending on the nearest kept tasks it reached before: a dependency that is left out is
 * looked through to its own dependencies. So `--only` drops every task it was not asked for, yet two kept tasks
 * ordered through a dropped one (`a#build` → `b#codegen` → `c#build`) stay ordered. A kept task that lost a
 * dependency names it in `leftOut`: its fingerprint is made from that task's, which the scheduler computes without
 * running it. `tasks` must be acyclic.
 */
export function keepOnly(tasks: ReadonlyMap<TaskId, Task>, keep: ReadonlySet<TaskId>): Map<TaskId, Task> {
  // For each dropped task, the kept tasks found below it; memoised, as many kept tasks share the same dropped builds.
  const below = new Map<TaskId, ReadonlySet<TaskId>>();
  const keptBelow = (start: TaskId): ReadonlySet<TaskId> => {
    // Iterative post-order, as in detect-cycles: a long chain of dropped tasks must not overflow the stack.
    const stack: Array<{ id: TaskId; expanded: boolean }> = [{ id: start, expanded: false }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (below.has(top.id)) {
        stack.pop();
        continue;
      }
      const dependencies = tasks.get(top.id)?.dependencies ?? [];
      if (!top.expanded) {
        top.expanded = true;
        for (const dependency of dependencies) if (!keep.has(dependency) && !below.has(dependency)) stack.push({ id: dependency, expanded: false });
        continue;
      }
      stack.pop();
      const found = new Set<TaskId>();
      for (const dependency of dependencies) {
        if (keep.has(dependency)) found.add(dependency);
        else for (const nested of below.get(dependency) ?? []) found.add(nested);
      }
      below.set(top.id, found);
    }
    return below.get(start) ?? new Set();
  };

  const kept = new Map<TaskId, Task>();
  for (const [id, task] of tasks) {
    if (!keep.has(id)) continue;
    const dependencies = new Set<TaskId>();
    const leftOut: TaskId[] = [];
    for (const dependency of task.dependencies) {
      if (keep.has(dependency)) dependencies.add(dependency);
      else {
        leftOut.push(dependency);
        for (const nested of keptBelow(dependency)) dependencies.add(nested);
      }
    }
    kept.set(id, { ...task, dependencies: [...dependencies].sort(), ...(leftOut.length > 0 ? { leftOut } : {}) });
  }
  return kept;
}
