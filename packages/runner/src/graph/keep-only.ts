import type { Task } from '../model/task.js';
import type { TaskId } from '../model/task-id.js';

/**
 * The tasks in `keep`, each depending on the nearest kept tasks it reached before: a dependency that is left out is
 * looked through to its own dependencies. So `--only` drops every task it was not asked for, yet two kept tasks
 * ordered through a dropped one (`a#build` → `b#codegen` → `c#build`) stay ordered. `tasks` must be acyclic.
 */
export function keepOnly(tasks: ReadonlyMap<TaskId, Task>, keep: ReadonlySet<TaskId>): Map<TaskId, Task> {
  // For each dropped task, the kept tasks found below it: memoised, as many kept tasks share the same dropped builds.
  const below = new Map<TaskId, ReadonlySet<TaskId>>();
  const keptBelow = (id: TaskId): ReadonlySet<TaskId> => {
    const known = below.get(id);
    if (known) return known;
    const found = new Set<TaskId>();
    for (const dependency of tasks.get(id)?.dependencies ?? []) {
      if (keep.has(dependency)) found.add(dependency);
      else for (const nested of keptBelow(dependency)) found.add(nested);
    }
    below.set(id, found);
    return found;
  };

  const kept = new Map<TaskId, Task>();
  for (const [id, task] of tasks) {
    if (!keep.has(id)) continue;
    const dependencies = new Set<TaskId>();
    for (const dependency of task.dependencies) {
      if (keep.has(dependency)) dependencies.add(dependency);
      else for (const nested of keptBelow(dependency)) dependencies.add(nested);
    }
    kept.set(id, { ...task, dependencies: [...dependencies].sort() });
  }
  return kept;
}
