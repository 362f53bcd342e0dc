import { describe, expect, it } from 'vitest';
import { FakeExecutor } from '../../src/executor/fake-executor.js';
import { chromeTrace } from '../../src/reporters/chrome-trace.js';
import { schedule } from '../../src/scheduler/scheduler.js';
import { summarizeRun } from '../../src/scheduler/summarize-run.js';
import { estimatesOf, graphOf } from '../scheduler/graph-of.js';
import { result, summary, T0 } from './events.js';

describe('chrome trace', () => {
  it('puts each task on the track of its worker pid, cache hits on their own, with named tracks', () => {
    const trace = chromeTrace(
      summary([
        result('ui#build', { pid: 11, worker: 'PoolWorker-1', startTime: T0 + 10, endTime: T0 + 1010, durationMs: 1000 }),
        result('ui#test', { pid: 12, worker: 'PoolWorker-2', startTime: T0 + 1010, endTime: T0 + 1510, durationMs: 500 }),
        result('lib#lint', { cache: 'hit', worker: null, pid: null, startTime: T0, endTime: T0 + 3, durationMs: 3 }),
        result('app#build', { status: 'skipped', startTime: null, endTime: null }),
      ]),
    );
    const complete = trace.traceEvents.filter((event) => event.ph === 'X');
    expect(complete.map((event) => [event.name, event.pid, event.ts, event.dur])).toEqual([
      ['ui#build', 11, 10_000, 1_000_000],
      ['ui#test', 12, 1_010_000, 500_000],
      ['lib#lint', 0, 0, 3_000],
    ]);
    const names = trace.traceEvents.filter((event) => event.name === 'process_name').map((event) => [event.pid, event.args?.['name']]);
    expect(names).toEqual([
      [0, 'cache (restored)'],
      [11, 'PoolWorker-1 (pid 11)'],
      [12, 'PoolWorker-2 (pid 12)'],
    ]);
  });

  it("draws a retried task's failed attempts as slices of their own on their workers' tracks, before its last", () => {
    const trace = chromeTrace(
      summary([
        result('ui#test', {
          pid: 12,
          worker: 'PoolWorker-2',
          startTime: T0 + 100,
          endTime: T0 + 1000,
          durationMs: 900,
          attempts: 3,
          flaky: true,
          lastAttemptStartTime: T0 + 640,
          failedAttempts: [
            { startTime: T0 + 100, endTime: T0 + 300, durationMs: 200, exitCode: 1, signal: null, timedOut: false, worker: 'PoolWorker-1', pid: 11 },
            { startTime: T0 + 310, endTime: T0 + 600, durationMs: 290, exitCode: null, signal: 'SIGTERM', timedOut: true, worker: 'PoolWorker-2', pid: 12 },
          ],
        }),
      ]),
    );
    const complete = trace.traceEvents.filter((event) => event.ph === 'X');
    expect(complete.map((event) => [event.name, event.pid, event.ts, event.dur])).toEqual([
      ['ui#test (attempt 1, failed)', 11, 100_000, 200_000],
      ['ui#test (attempt 2, failed)', 12, 310_000, 290_000],
      ['ui#test', 12, 640_000, 360_000],
    ]);
    expect(complete.map((event) => event.args)).toEqual([
      { status: 'failed', attempt: 1, exitCode: 1 },
      { status: 'failed', attempt: 2, exitCode: null, signal: 'SIGTERM', timedOut: true },
      { status: 'success', exitCode: 0, attempts: 3, cache: 'off', flaky: true },
    ]);
    const names = trace.traceEvents.filter((event) => event.name === 'process_name').map((event) => [event.pid, event.args?.['name']]);
    expect(names).toEqual([
      [11, 'PoolWorker-1 (pid 11)'],
      [12, 'PoolWorker-2 (pid 12)'],
    ]);
  });

  it('traces a flaky task of a scheduled run as its failed attempt, then its passing one, never overlapping', async () => {
    const graph = graphOf({ 'a#test': [], 'b#build': [] }, { 'a#test': { retries: 1 } });
    const executor = new FakeExecutor({ durationMs: 5, scripts: { 'a#test': { attempts: [{ exitCode: 2 }, { exitCode: 0 }] } } });
    const startTime = Date.now();
    const { results, interrupted } = await schedule({ graph, executor, concurrency: 1, estimates: estimatesOf({}), emit: () => {} });
    const run = summarizeRun({
      runId: 'run-1',
      root: '/repo',
      scripts: ['test', 'build'],
      concurrency: 1,
      startTime,
      endTime: Date.now(),
      graph,
      results,
      interrupted,
      workers: [],
      cacheStats: null,
    });
    const slices = chromeTrace(run).traceEvents.filter((event) => event.ph === 'X' && event.name.startsWith('a#test'));
    expect(slices.map((event) => [event.name, event.pid, event.args?.['exitCode']])).toEqual([
      ['a#test (attempt 1, failed)', 1000, 2],
      ['a#test', 1001, 0],
    ]);
    const [failed, passed] = slices;
    expect(failed!.ts! + failed!.dur!).toBeLessThanOrEqual(passed!.ts!);
  });
});
