import type { ExecutionOutcome, TaskExecutor } from '../executor/task-executor.js';
import type { RunEvent } from '../model/run-event.js';
import type { Task } from '../model/task.js';
import type { FailedAttempt } from '../model/task-result.js';
import type { TaskLog } from './task-log.js';
import { exitOf, succeeded } from './task-results.js';

export interface AttemptsOptions {
  executor: TaskExecutor;
  log: TaskLog;
  emit: (event: RunEvent) => void;
  now: () => number;
  /** Every attempt's AbortController is in here while it runs, so an interrupt can abort it. */
  running: Set<AbortController>;
  /** Checked after a failed attempt: no retry once the run is being interrupted. */
  interrupted(): boolean;
}

export interface Attempts {
  outcome: ExecutionOutcome;
  attempts: number;
  /** When the first attempt started on a worker (`null` if none did). */
  firstStart: number | null;
  /** When the last attempt started. */
  lastStart: number;
  /** The attempts before the last one, which all failed. */
  failedAttempts: FailedAttempt[];
  /** Where the last attempt's output begins in the log, in bytes (after its separator line); 0 for a first attempt. */
  lastAttemptLogOffset: number;
}

/** The line written to a task's log before each retry, so one log keeps every attempt's output apart. */
export function attemptSeparator(attempt: number, of: number): string {
  return `── attempt ${attempt} of ${of} ──`;
}

/**
 * Runs a task's attempts: the first, then a retry after each failure while `config.retries` allows. All attempts
 * write to the one log, each retry after a separator line.
 */
export async function runAttempts(task: Task, options: AttemptsOptions): Promise<Attempts> {
  const { log, emit, now } = options;
  const retries = task.config.retries ?? 0;
  let firstStart: number | null = null;
  let lastStart = now();
  const failedAttempts: FailedAttempt[] = [];
  let lastAttemptLogOffset = 0;
  for (let attempt = 1; ; attempt++) {
    if (attempt > 1) {
      log.write(attemptSeparator(attempt, retries + 1));
      lastAttemptLogOffset = log.size();
    }
    const controller = new AbortController();
    options.running.add(controller);
    lastStart = now();
    const outcome = await options.executor
      .execute({
        task,
        attempt,
        ...(task.config.timeout === undefined ? {} : { timeoutMs: task.config.timeout }),
        signal: controller.signal,
        onStart: ({ worker, pid }) => {
          lastStart = now();
          firstStart ??= lastStart;
          emit({ type: 'task-started', id: task.id, worker, pid, attempt, time: lastStart });
        },
        onOutput: ({ stream, line, time }) => {
          log.write(line);
          emit({ type: 'task-output', id: task.id, stream, line, time, replayed: false });
        },
      })
      .catch((error: unknown): ExecutionOutcome => ({
        kind: 'crashed',
        message: error instanceof Error ? error.message : String(error),
        worker: null,
        pid: null,
      }));
    options.running.delete(controller);
    if (succeeded(outcome) || options.interrupted() || attempt > retries) {
      return { outcome, attempts: attempt, firstStart, lastStart, failedAttempts, lastAttemptLogOffset };
    }
    const end = now();
    failedAttempts.push({
      startTime: lastStart,
      endTime: end,
      durationMs: end - lastStart,
      // Not interrupted (no retry then), so no interrupt signal to report.
      ...exitOf(outcome, null),
      timedOut: outcome.kind === 'timed-out',
      worker: outcome.worker,
      pid: outcome.pid,
    });
    emit({
      type: 'task-retrying',
      id: task.id,
      attempt: attempt + 1,
      exitCode: outcome.kind === 'exited' ? outcome.exitCode : null,
      time: end,
    });
  }
}
