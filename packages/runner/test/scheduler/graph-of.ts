import type { TaskGraph } from '../../src/graph/task-graph.js';
import type { RunEvent } from '../../src/model/run-event.js';
import type { Task, TaskConfig } from '../../src/model/task.js';
import { parseTaskId, type TaskId } from '../../src/model/task-id.js';

/** A hand-built task graph: `graphOf({ 'a#build': [], 'a#test': ['a#build'] })`. */
export function graphOf(
  dependencies: Record<string, string[]>,
  configs: Record<string, TaskConfig> = {},
): TaskGraph {
  const tasks = new Map<TaskId, Task>();
  const dependents = new Map<TaskId, TaskId[]>();
  for (const [id, deps] of Object.entries(dependencies)) {
    const { packageName, script } = parseTaskId(id as TaskId);
    tasks.set(id as TaskId, {
      id: id as TaskId,
      packageName,
      dir: `/repo/packages/${packageName}`,
      script,
      command: `run-${script}`,
      args: [],
      dependencies: deps as TaskId[],
      config: configs[id] ?? {},
    });
    dependents.set(id as TaskId, []);
  }
  for (const [id, deps] of Object.entries(dependencies)) {
    for (const dep of deps) dependents.get(dep as TaskId)?.push(id as TaskId);
  }
  return { tasks, dependents };
}

/** Estimates as a map from a plain record. */
export function estimatesOf(ms: Record<string, number>): Map<TaskId, number> {
  return new Map(Object.entries(ms) as Array<[TaskId, number]>);
}

/** Collects events, with short labels like `started a#build` for order assertions. */
export function eventLog(): { events: RunEvent[]; labels: string[]; emit: (event: RunEvent) => void } {
  const events: RunEvent[] = [];
  const labels: string[] = [];
  return {
    events,
    labels,
    emit(event) {
      events.push(event);
      if (event.type === 'task-started') labels.push(`started ${event.id}`);
      if (event.type === 'task-finished') labels.push(`${event.result.status} ${event.result.id}`);
    },
  };
}
