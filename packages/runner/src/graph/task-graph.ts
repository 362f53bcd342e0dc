import type { Task } from '../model/task.js';
import type { TaskId } from '../model/task-id.js';

/** The tasks to run and who waits for whom. Acyclic by construction (buildTaskGraph rejects cycles). */
export interface TaskGraph {
  tasks: ReadonlyMap<TaskId, Task>;
  /** Reverse edges: for each task, the tasks that depend on it. */
  dependents: ReadonlyMap<TaskId, readonly TaskId[]>;
  /**
   * Under `only`: every task of the graph it was cut from, with its dependencies as planned. The tasks left out never
   * run; their fingerprints are computed from these (inputs only, as a whole run computes them before running), so a
   * kept task meets the cache entries a whole run wrote. Absent without `only`.
   */
  wholeTasks?: ReadonlyMap<TaskId, Task>;
}
