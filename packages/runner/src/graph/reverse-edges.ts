import type { Task } from '../model/task.js';
import type { TaskId } from '../model/task-id.js';

/** For every task, the tasks that depend on it (sorted; an empty list for none). */
export function reverseEdges(tasks: ReadonlyMap<TaskId, Task>): Map<TaskId, TaskId[]> {
  const dependents = new Map<TaskId, TaskId[]>();
  for (const id of tasks.keys()) dependents.set(id, []);
  for (const task of tasks.values()) {
    for (const dependency of task.dependencies) dependents.get(dependency)?.push(task.id);
  }
  for (const list of dependents.values()) list.sort();
  return dependents;
}
