import type { ExecutionOutcome } from '../executor/task-executor.js';
import type { Task } from '../model/task.js';
import type { TaskResult } from '../model/task-result.js';

/** The result of a task that never ran. */
export function skippedResult(task: Task, reason: NonNullable<TaskResult['skipReason']>): TaskResult {
  return { ...blankResult(task, 'skipped'), skipReason: reason };
}

/** A result with nothing run yet, to fill in. */
export function blankResult(task: Task, status: TaskResult['status']): TaskResult {
  return {
    id: task.id,
    packageName: task.packageName,
    script: task.script,
    status,
    exitCode: null,
    signal: null,
    timedOut: false,
    worker: null,
    pid: null,
    startTime: null,
    endTime: null,
    durationMs: 0,
    attempts: 0,
    failedAttempts: [],
    flaky: false,
    cache: 'off',
    logFile: null,
    logTail: [],
  };
}

/** Whether an attempt passed. */
export function succeeded(outcome: ExecutionOutcome): boolean {
  return outcome.kind === 'exited' && outcome.exitCode === 0;
}

/** The exit code and signal a result reports for an attempt's outcome. */
export function exitOf(
  outcome: ExecutionOutcome,
  interruptSignal: string | null,
): { exitCode: number | null; signal: string | null } {
  switch (outcome.kind) {
    case 'exited':
      return { exitCode: outcome.exitCode, signal: outcome.signal ?? (outcome.exitCode === 0 ? null : interruptSignal) };
    case 'timed-out':
      // The pool ends a timed-out tree with SIGTERM (then SIGKILL if it lingers).
      return { exitCode: null, signal: 'SIGTERM' };
    case 'crashed':
    case 'aborted':
      return { exitCode: null, signal: interruptSignal };
  }
}
