import type { RunEvent } from '../../src/model/run-event.js';
import type { RunSummary } from '../../src/model/run-summary.js';
import type { Task } from '../../src/model/task.js';
import type { TaskId } from '../../src/model/task-id.js';
import type { TaskResult } from '../../src/model/task-result.js';

export const T0 = 1_700_000_000_000;

export function task(id: string): Task {
  const [packageName = '', script = ''] = id.split('#');
  return { id: id as TaskId, packageName, dir: `/repo/${packageName}`, script, command: script, args: [], dependencies: [], config: {} };
}

export function result(id: string, patch: Partial<TaskResult>): TaskResult {
  const [packageName = '', script = ''] = id.split('#');
  return {
    id: id as TaskId,
    packageName,
    script,
    status: 'success',
    exitCode: 0,
    signal: null,
    timedOut: false,
    worker: 'PoolWorker-1',
    pid: 48213,
    startTime: T0,
    endTime: T0 + 1000,
    durationMs: 1000,
    attempts: 1,
    failedAttempts: [],
    flaky: false,
    cache: 'off',
    logFile: null,
    logTail: [],
    ...patch,
  };
}

export function summary(results: TaskResult[], patch: Partial<RunSummary> = {}): RunSummary {
  return {
    version: 1,
    runId: 'run-1',
    root: '/repo',
    scripts: ['build', 'test'],
    concurrency: 2,
    startTime: T0,
    endTime: T0 + 3000,
    wallMs: 3000,
    taskMs: 5000,
    parallelism: 5000 / 3000,
    savedMs: 2000,
    idleCoreMs: 1000,
    counts: { total: results.length, success: 2, failed: 1, skipped: 1, cached: 1, flaky: 0 },
    criticalPath: { tasks: ['ui#build', 'ui#test'] as TaskId[], ms: 2500, boundRatio: 1.2 },
    slowest: [
      { id: 'ui#test' as TaskId, durationMs: 1500 },
      { id: 'ui#build' as TaskId, durationMs: 1000 },
    ],
    workers: [{ name: 'PoolWorker-1', pid: 48213 }],
    exitCode: 1,
    interrupted: false,
    cacheStats: null,
    tasks: results,
    ...patch,
  };
}

/** A small run: ui#build succeeds, ui#test fails, lib#lint is a cache hit, app#build is skipped. */
export function sampleRun(): { events: RunEvent[]; results: TaskResult[] } {
  const build = result('ui#build', { logTail: ['compiling', 'done'] });
  const test = result('ui#test', {
    status: 'failed',
    exitCode: 1,
    worker: 'PoolWorker-2',
    pid: 48214,
    startTime: T0 + 1000,
    endTime: T0 + 2500,
    durationMs: 1500,
    logTail: ['1 test failed'],
  });
  const lint = result('lib#lint', { cache: 'hit', worker: null, pid: null, durationMs: 10, logTail: ['clean'] });
  const skipped = result('app#build', {
    status: 'skipped',
    skipReason: 'dependency-failed',
    exitCode: null,
    worker: null,
    pid: null,
    startTime: null,
    endTime: null,
    durationMs: 0,
    attempts: 0,
  });
  const results = [build, test, lint, skipped];
  const events: RunEvent[] = [
    { type: 'run-started', runId: 'run-1', root: '/repo', tasks: results.map((r) => task(r.id)), concurrency: 2, time: T0 },
    { type: 'task-started', id: build.id, worker: 'PoolWorker-1', pid: 48213, attempt: 1, time: T0 },
    { type: 'task-output', id: build.id, stream: 'stdout', line: 'compiling', time: T0 + 1, replayed: false },
    { type: 'task-started', id: test.id, worker: 'PoolWorker-2', pid: 48214, attempt: 1, time: T0 + 1000 },
    { type: 'task-output', id: build.id, stream: 'stderr', line: 'done', time: T0 + 2, replayed: false },
    { type: 'task-finished', result: build },
    { type: 'task-output', id: lint.id, stream: 'stdout', line: 'clean', time: T0 + 3, replayed: true },
    { type: 'task-finished', result: lint },
    { type: 'task-output', id: test.id, stream: 'stdout', line: '1 test failed', time: T0 + 2400, replayed: false },
    { type: 'task-finished', result: test },
    { type: 'task-finished', result: skipped },
    { type: 'warning', code: 'ERR_RUNNER_CACHE', message: 'Could not store ui#build', hint: 'Check the disk.' },
  ];
  events.push({ type: 'run-finished', summary: summary(results) });
  return { events, results };
}
