import type { Task } from '../model/task.js';

/** How one attempt of a task ended. */
export type ExecutionOutcome =
  | { kind: 'exited'; exitCode: number | null; signal: string | null; worker: string; pid: number }
  | { kind: 'timed-out'; timeoutMs: number; worker: string; pid: number }
  /** The worker died under the task (or the executor could not start it); `message` says why. */
  | { kind: 'crashed'; message: string; worker: string | null; pid: number | null }
  /** The attempt was cut short by the request's AbortSignal or by `terminate()`. */
  | { kind: 'aborted'; worker: string | null; pid: number | null };

/** One attempt of one task. */
export interface ExecuteRequest {
  task: Task;
  /** 1-based attempt number. */
  attempt: number;
  /** Kill the attempt's whole process tree after this many milliseconds. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Called once a worker has taken the attempt. */
  onStart(start: { worker: string; pid: number }): void;
  /** Called for every line the task wrote, in order, before the returned promise settles. */
  onOutput(output: { stream: 'stdout' | 'stderr'; line: string; time: number }): void;
}

/**
 * The seam between the scheduler and whatever runs scripts: the pool in production
 * (`PoolExecutor`), an in-memory script in unit tests (`FakeExecutor`).
 * `execute` never rejects: every way an attempt can end is an `ExecutionOutcome`.
 */
export interface TaskExecutor {
  execute(request: ExecuteRequest): Promise<ExecutionOutcome>;
  /** Kills every running attempt's process tree and stops the workers. Idempotent. */
  terminate(): Promise<void>;
}
