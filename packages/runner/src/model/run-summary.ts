import type { TaskId } from './task-id.js';
import type { TaskResult } from './task-result.js';

/** The end-of-run report; written as JSON by `--summary <file>` and handed to reporters. */
export interface RunSummary {
  /** Schema version of this JSON. */
  version: 1;
  runId: string;
  root: string;
  /** Script names asked for, e.g. `["lint", "test", "build"]`. */
  scripts: string[];
  concurrency: number;
  startTime: number;
  endTime: number;
  wallMs: number;
  /** Sum of every task's duration. */
  taskMs: number;
  /** taskMs / wallMs. */
  parallelism: number;
  /** taskMs - wallMs, never below 0: what running in parallel saved against one-by-one. */
  savedMs: number;
  /** Core-time left unused: concurrency * wallMs - taskMs. */
  idleCoreMs: number;
  counts: { total: number; success: number; failed: number; skipped: number; cached: number; flaky: number };
  criticalPath: {
    tasks: TaskId[];
    /** Sum of the measured durations along the path. */
    ms: number;
    /** wallMs / max(critical path ms, taskMs / concurrency): 1.0 means the run reached the lower bound. */
    boundRatio: number;
  };
  slowest: Array<{ id: TaskId; durationMs: number }>;
  workers: Array<{ name: string; pid: number }>;
  /** Process exit code of the run: 0, 1 (a task failed) or 130 (interrupted). */
  exitCode: number;
  interrupted: boolean;
  /** What this run added to the task cache; `null` when the cache was off. The action's post step saves only when entriesWritten > 0. */
  cacheStats: { entriesWritten: number; bytesWritten: number; dir: string } | null;
  tasks: TaskResult[];
}
