import type { FailedAttempt, TaskResult } from '../model/task-result.js';

/** How an attempt ended, in a few words: `exit 1`, `timed out`, `killed by SIGTERM`, `worker crashed`. */
export function describeExit(attempt: Pick<FailedAttempt, 'timedOut' | 'signal' | 'exitCode'>): string {
  if (attempt.timedOut) return 'timed out';
  if (attempt.signal !== null) return `killed by ${attempt.signal}`;
  if (attempt.exitCode !== null) return `exit ${attempt.exitCode}`;
  return 'worker crashed';
}

/** How a failed task ended, with its number of tries when it had several: `exit 1`, `timed out, 3 attempts`. */
export function describeFailure(result: Pick<TaskResult, 'timedOut' | 'signal' | 'exitCode' | 'attempts'>): string {
  return `${describeExit(result)}${result.attempts > 1 ? `, ${result.attempts} attempts` : ''}`;
}

/** A flaky task's tries on one line: `passed on attempt 3; attempt 1 exit 1, attempt 2 timed out`. */
export function describeFlaky(result: Pick<TaskResult, 'attempts' | 'failedAttempts'>): string {
  const failed = result.failedAttempts.map((attempt, index) => `attempt ${index + 1} ${describeExit(attempt)}`);
  return `passed on attempt ${result.attempts}${failed.length > 0 ? `; ${failed.join(', ')}` : ''}`;
}
