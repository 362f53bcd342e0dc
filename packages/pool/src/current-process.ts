import * as os from 'node:os';

/** What {@link currentProcess} returns, like Python's `multiprocessing.current_process()`. */
export interface ProcessInfo {
  /** `'MainProcess'`, `'PoolWorker-<n>'`, or a `Process`'s name (default `'Process-<n>'`). */
  readonly name: string;
  readonly pid: number;
}

interface Identity {
  name: string;
  parentPid: number | null;
}

// A global slot rather than module state: the worker entry and the user's tasks module may each carry
// their own copy of this file (for example when both are bundled), and must still agree.
const SLOT = Symbol.for('@fanout/pool.identity');

type GlobalWithIdentity = typeof globalThis & { [SLOT]?: Identity };

/** Called by the worker entry before any user code runs. */
export function setIdentity(identity: Identity): void {
  (globalThis as GlobalWithIdentity)[SLOT] = identity;
}

function identity(): Identity {
  return (globalThis as GlobalWithIdentity)[SLOT] ?? { name: 'MainProcess', parentPid: null };
}

/**
 * The process this code runs in: `{ name: 'MainProcess', pid }` in the parent,
 * `{ name: 'PoolWorker-3', pid }` in a pool worker.
 */
export function currentProcess(): ProcessInfo {
  return { name: identity().name, pid: process.pid };
}

/** The pool's or `Process`'s parent, or `null` in the main process (Python's `parent_process()`). */
export function parentProcess(): { readonly pid: number } | null {
  const parentPid = identity().parentPid;
  return parentPid === null ? null : { pid: parentPid };
}

/**
 * `true` unless this code runs inside a pool worker or a `Process`: the `if __name__ == '__main__'` guard
 * for a file that is both a program and its own `tasks` module.
 */
export function isMainProcess(): boolean {
  return identity().name === 'MainProcess';
}

/** The number of CPUs the pool may use: `os.availableParallelism()`. */
export function cpuCount(): number {
  return os.availableParallelism();
}
