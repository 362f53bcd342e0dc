import type { RunSummary, TaskId, TaskResult } from '@fanout/runner';

/** Synthetic runner data for pure rendering tests; integration tests use real runs. */
export function taskResult(id: string, overrides: Partial<TaskResult> = {}): TaskResult {
  const at = id.lastIndexOf('#');
  return {
    id: id as TaskId,
    packageName: id.slice(0, at),
    script: id.slice(at + 1),
    status: 'success',
    exitCode: 0,
    signal: null,
    timedOut: false,
    worker: 'PoolWorker-1',
    pid: 4242,
    startTime: 1_000,
    endTime: 2_500,
    durationMs: 1_500,
    attempts: 1,
    failedAttempts: [],
    flaky: false,
    cache: 'miss',
    logFile: `/logs/${id}.log`,
    logTail: [],
    ...overrides,
  };
}

export function runSummary(tasks: TaskResult[], overrides: Partial<RunSummary> = {}): RunSummary {
  const count = (predicate: (task: TaskResult) => boolean) => tasks.filter(predicate).length;
  return {
    version: 1,
    runId: 'run-1',
    root: '/repo',
    scripts: ['lint', 'test', 'build'],
    concurrency: 2,
    startTime: 1_000,
    endTime: 4_000,
    wallMs: 3_000,
    taskMs: 4_500,
    parallelism: 1.5,
    savedMs: 1_500,
    idleCoreMs: 1_500,
    counts: {
      total: tasks.length,
      success: count((task) => task.status === 'success'),
      failed: count((task) => task.status === 'failed'),
      skipped: count((task) => task.status === 'skipped'),
      cached: count((task) => task.cache === 'hit'),
      flaky: count((task) => task.flaky),
    },
    criticalPath: { tasks: [], ms: 0, boundRatio: 1 },
    slowest: [],
    workers: [{ name: 'PoolWorker-1', pid: 4242 }],
    exitCode: tasks.some((task) => task.status === 'failed') ? 1 : 0,
    interrupted: false,
    cacheStats: { entriesWritten: 0, bytesWritten: 0, dir: '/repo/node_modules/.cache/fanout' },
    tasks,
    ...overrides,
  };
}
