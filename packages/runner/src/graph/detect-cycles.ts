import type { TaskId } from '../model/task-id.js';

/**
 * The first dependency cycle among `tasks`, as a path that starts and ends on the same task
 * (`[a#build, b#build, a#build]`: a needs b, b needs a), or undefined when there is none. Iterative depth-first search
 * (a 1,000-deep chain must not overflow the stack), visiting tasks and dependencies in sorted order so the cycle
 * reported is the same on every run.
 */
export function detectCycles(tasks: ReadonlyMap<TaskId, { readonly dependencies: readonly TaskId[] }>): TaskId[] | undefined {
  const DONE = 2;
  const ON_STACK = 1;
  const state = new Map<TaskId, number>();
  const sorted = (ids: readonly TaskId[]) => [...ids].sort();

  for (const start of sorted([...tasks.keys()])) {
    if (state.has(start)) continue;
    const path: TaskId[] = [start];
    // Per path entry: its sorted dependencies and how many of them were visited.
    const pending: Array<{ deps: TaskId[]; at: number }> = [{ deps: sorted(tasks.get(start)?.dependencies ?? []), at: 0 }];
    state.set(start, ON_STACK);
    while (path.length > 0) {
      const top = pending[pending.length - 1]!;
      const next = top.deps[top.at++];
      if (next === undefined) {
        state.set(path.pop()!, DONE);
        pending.pop();
        continue;
      }
      const seen = state.get(next);
      if (seen === ON_STACK) return [...path.slice(path.indexOf(next)), next];
      if (seen === DONE || !tasks.has(next)) continue;
      state.set(next, ON_STACK);
      path.push(next);
      pending.push({ deps: sorted(tasks.get(next)!.dependencies), at: 0 });
    }
  }
  return undefined;
}
