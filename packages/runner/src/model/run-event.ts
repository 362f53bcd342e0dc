import type { Task } from './task.js';
import type { TaskId } from './task-id.js';
import type { TaskResult } from './task-result.js';
import type { RunSummary } from './run-summary.js';

/** Everything a run reports, as data. Core code never prints: reporters render these. */
export type RunEvent =
  | { type: 'run-started'; runId: string; root: string; tasks: readonly Task[]; concurrency: number; time: number }
  | { type: 'task-started'; id: TaskId; worker: string; pid: number; attempt: number; time: number }
  | {
      type: 'task-output';
      id: TaskId;
      stream: 'stdout' | 'stderr';
      line: string;
      time: number;
      /** True when the line is a cached log being replayed. */
      replayed: boolean;
    }
  | { type: 'task-retrying'; id: TaskId; attempt: number; exitCode: number | null; time: number }
  | { type: 'task-finished'; result: TaskResult }
  | { type: 'warning'; code: string; message: string; hint?: string }
  | { type: 'run-finished'; summary: RunSummary };

/** Receives every event of a run, in order. */
export interface Reporter {
  onEvent(event: RunEvent): void;
  /** Called once after `run-finished`; a reporter that buffers flushes here. */
  close?(): Promise<void> | void;
}

export function unreachable(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
