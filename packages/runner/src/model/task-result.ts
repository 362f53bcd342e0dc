import type { TaskId } from './task-id.js';

export type TaskStatus = 'success' | 'failed' | 'skipped';

/** Whether a task came from the cache: `hit` (restored, nothing spawned), `miss` (ran, may be stored), `off` (cache not used). */
export type CacheStatus = 'hit' | 'miss' | 'off';

/** The outcome of one task in a run; this exact shape appears in the `--summary` JSON. */
export interface TaskResult {
  id: TaskId;
  packageName: string;
  script: string;
  status: TaskStatus;
  /** Why a task was skipped. */
  skipReason?: 'dependency-failed' | 'run-aborted' | 'interrupted';
  /** Exit code of the script's last attempt; `null` when killed by a signal, skipped or restored. */
  exitCode: number | null;
  /** Signal name when the script was killed (e.g. `SIGTERM` after a timeout). */
  signal: string | null;
  timedOut: boolean;
  /** Pool worker that ran the last attempt, e.g. `PoolWorker-2`; `null` when nothing ran. */
  worker: string | null;
  pid: number | null;
  /** Epoch milliseconds. */
  startTime: number | null;
  endTime: number | null;
  durationMs: number;
  attempts: number;
  /**
   * Every attempt before the last, in order (attempt 1 first): each failed and was retried. Empty when the task
   * ran once, or not at all.
   */
  failedAttempts: FailedAttempt[];
  /** When the last attempt started, only for a retried task (`startTime` is the first attempt's). */
  lastAttemptStartTime?: number;
  /** Failed at least once, then passed on a retry. */
  flaky: boolean;
  cache: CacheStatus;
  /** For a cache miss: what changed against the last stored run of this task (human-readable lines). */
  cacheMissReasons?: string[];
  /** Absolute path of the task's full log. */
  logFile: string | null;
  /** The last lines of output (for reports); the full text is in `logFile`. */
  logTail: string[];
}

/**
 * One failed attempt of a retried task, told with the fields a result gives its last attempt; `startTime` is when
 * a worker took it (or when it was asked for, if none did), `endTime` when it ended.
 */
export type FailedAttempt = Pick<TaskResult, 'startTime' | 'endTime' | 'durationMs' | 'exitCode' | 'signal' | 'timedOut' | 'worker' | 'pid'>;
