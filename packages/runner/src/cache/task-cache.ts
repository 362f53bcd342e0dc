import type { Task } from '../model/task.js';
import type { TaskId } from '../model/task-id.js';

/** A task's SHA-256 fingerprint, hex. */
export type Fingerprint = string & { readonly __brand: 'Fingerprint' };

export type CacheLookup =
  | {
      kind: 'hit';
      fingerprint: Fingerprint;
      /** Duration of the run that produced the entry. */
      durationMs: number;
      /** The captured log, line by line, streamed from the store (a log may be large). */
      readLog(): AsyncIterable<string>;
      /**
       * The captured log's file in the store, when the store keeps it as one: the runner links it into the run's
       * logs rather than writing a copy line by line. Read-only: it is the entry's own copy.
       */
      logFile?: string;
      /** Writes the declared outputs back into the package directory, verified against the manifest. */
      restore(): Promise<void>;
    }
  | {
      kind: 'miss';
      fingerprint: Fingerprint;
      /** What changed against the last stored run of the same task; empty when there was none. */
      reasons: string[];
    };

/**
 * The seam between the scheduler and the task cache. The runner calls, per task, once its dependencies succeeded:
 * `lookup` (which fingerprints), then on a miss runs the task and on success `store`. `close` applies the size budget.
 */
export interface TaskCache {
  lookup(task: Task, dependencyFingerprints: ReadonlyMap<TaskId, Fingerprint>): Promise<CacheLookup>;
  /**
   * The fingerprint `lookup` would compute, without looking for an entry: for a task the run leaves out (`only`),
   * whose fingerprint the tasks after it are made from.
   */
  fingerprint(task: Task, dependencyFingerprints: ReadonlyMap<TaskId, Fingerprint>): Promise<Fingerprint>;
  /**
   * A task is about to run, and may write anywhere: what the cache listed before no longer stands for later
   * fingerprints. Called for every task that runs, looked up or not (a failed lookup, an uncacheable dependency).
   */
  beforeRun(task: Task): void;
  store(
    task: Task,
    fingerprint: Fingerprint,
    /**
     * `logFile` is the task's plain-text log as the runner wrote it; the entry keeps it from byte `logFrom` on (a task
     * that passed on a retry: its passing attempt's output, without the failed tries before it; default 0).
     */
    run: { durationMs: number; logFile: string; logFrom?: number },
  ): Promise<void>;
  close(): Promise<{ entriesWritten: number; bytesWritten: number }>;
}
