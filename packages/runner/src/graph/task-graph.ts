import type { Task } from '../model/task.js';
import type { TaskId } from '../model/task-id.js';

/** The tasks to run and who waits for whom. Acyclic by construction (buildTaskGraph rejects cycles). */
export interface TaskGraph {
  tasks: ReadonlyMap<TaskId, Task>;
  /** Reverse edges: for each task, the tasks that depend on it. */
  dependents: ReadonlyMap<TaskId, readonly TaskId[]>;
}
