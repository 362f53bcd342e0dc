import { describe, expect, it } from 'vitest';
import { FakeExecutor } from '../../src/executor/fake-executor.js';
import { schedule } from '../../src/scheduler/scheduler.js';
import { estimatesOf, eventLog, graphOf } from './graph-of.js';

const graph = () =>
  graphOf({ 'a#build': [], 'b#build': ['a#build'], 'e#build': ['b#build'], 'c#lint': [], 'd#lint': [] });
const estimates = estimatesOf({ 'a#build': 100, 'b#build': 100, 'e#build': 100, 'c#lint': 50, 'd#lint': 10 });
const failingA = () =>
  new FakeExecutor({ scripts: { 'a#build': { durationMs: 5, attempts: [{ exitCode: 1 }] }, 'c#lint': { durationMs: 80 } } });

describe('failure policy', () => {
  it('by default lets running tasks finish, skips dependents of the failure and everything not yet started', async () => {
    const { results, interrupted } = await schedule({
      graph: graph(),
      executor: failingA(),
      concurrency: 2,
      estimates,
      emit: () => {},
    });
    const byId = Object.fromEntries(results.map((result) => [result.id, [result.status, result.skipReason]]));
    expect(byId).toEqual({
      'a#build': ['failed', undefined],
      'b#build': ['skipped', 'dependency-failed'],
      'e#build': ['skipped', 'dependency-failed'],
      'c#lint': ['success', undefined],
      'd#lint': ['skipped', 'run-aborted'],
    });
    expect(results.find((result) => result.id === 'a#build')?.exitCode).toBe(1);
    expect(interrupted).toBe(false);
  });

  it('with continueOnError runs everything whose dependencies succeeded', async () => {
    const { results } = await schedule({
      graph: graph(),
      executor: failingA(),
      concurrency: 2,
      continueOnError: true,
      estimates,
      emit: () => {},
    });
    const byId = Object.fromEntries(results.map((result) => [result.id, [result.status, result.skipReason]]));
    expect(byId).toEqual({
      'a#build': ['failed', undefined],
      'b#build': ['skipped', 'dependency-failed'],
      'e#build': ['skipped', 'dependency-failed'],
      'c#lint': ['success', undefined],
      'd#lint': ['success', undefined],
    });
  });

  it('reports a task finished for every task exactly once', async () => {
    const log = eventLog();
    await schedule({ graph: graph(), executor: failingA(), concurrency: 2, estimates, emit: log.emit });
    const finished = log.events.flatMap((event) => (event.type === 'task-finished' ? [event.result.id] : []));
    expect(finished.sort()).toEqual(['a#build', 'b#build', 'c#lint', 'd#lint', 'e#build']);
  });

  it('fails a task that outlives its timeout, marked timedOut with SIGTERM', async () => {
    const executor = new FakeExecutor({ scripts: { 'a#build': { durationMs: 5_000 } } });
    const { results } = await schedule({
      graph: graphOf({ 'a#build': [] }, { 'a#build': { timeout: 20 } }),
      executor,
      concurrency: 1,
      estimates,
      emit: () => {},
    });
    expect(results[0]).toMatchObject({ status: 'failed', timedOut: true, exitCode: null, signal: 'SIGTERM' });
  });

  it('reports a crashed worker as a failed task and a warning', async () => {
    const log = eventLog();
    const executor = new FakeExecutor({ scripts: { 'a#build': { attempts: [{ crash: 'worker exited with code 1' }] } } });
    const { results } = await schedule({
      graph: graphOf({ 'a#build': [] }),
      executor,
      concurrency: 1,
      estimates,
      emit: log.emit,
    });
    expect(results[0]?.status).toBe('failed');
    expect(log.events.find((event) => event.type === 'warning')).toMatchObject({ code: 'ERR_WORKER_CRASHED' });
  });
});

describe('retries', () => {
  it('re-runs a failed attempt and marks a task that then passes as flaky', async () => {
    const log = eventLog();
    const executor = new FakeExecutor({ scripts: { 'a#test': { attempts: [{ exitCode: 3 }, { exitCode: 0 }] } } });
    const { results } = await schedule({
      graph: graphOf({ 'a#test': [] }, { 'a#test': { retries: 2 } }),
      executor,
      concurrency: 1,
      estimates,
      emit: log.emit,
    });
    expect(results[0]).toMatchObject({ status: 'success', flaky: true, attempts: 2, exitCode: 0 });
    expect(log.events.filter((event) => event.type === 'task-retrying')).toMatchObject([
      { id: 'a#test', attempt: 2, exitCode: 3 },
    ]);
  });

  it('gives up after the last retry, listing every attempt but the last as failed', async () => {
    const executor = new FakeExecutor({ scripts: { 'a#test': { attempts: [{ exitCode: 1 }] } } });
    const { results } = await schedule({
      graph: graphOf({ 'a#test': [] }, { 'a#test': { retries: 2 } }),
      executor,
      concurrency: 1,
      estimates,
      emit: () => {},
    });
    expect(results[0]).toMatchObject({ status: 'failed', flaky: false, attempts: 3, exitCode: 1, pid: 1002 });
    expect(results[0]?.failedAttempts.map((attempt) => [attempt.exitCode, attempt.pid])).toEqual([
      [1, 1000],
      [1, 1001],
    ]);
    expect(executor.started).toHaveLength(3);
  });

  it('records each failed attempt with its own exit, times, worker and pid, the first starting the result', async () => {
    const executor = new FakeExecutor({
      scripts: { 'a#test': { attempts: [{ exitCode: 3, durationMs: 5 }, { durationMs: 5_000 }, { exitCode: 0, durationMs: 5 }] } },
    });
    const { results } = await schedule({
      graph: graphOf({ 'a#test': [] }, { 'a#test': { retries: 2, timeout: 30 } }),
      executor,
      concurrency: 1,
      estimates,
      emit: () => {},
    });
    const result = results[0]!;
    expect(result).toMatchObject({ status: 'success', flaky: true, attempts: 3, pid: 1002, exitCode: 0, timedOut: false });
    expect(result.failedAttempts).toMatchObject([
      { exitCode: 3, signal: null, timedOut: false, worker: 'FakeWorker-1', pid: 1000 },
      { exitCode: null, signal: 'SIGTERM', timedOut: true, worker: 'FakeWorker-1', pid: 1001 },
    ]);
    const [first, second] = result.failedAttempts;
    const times = [first!.startTime, first!.endTime, second!.startTime, second!.endTime, result.lastAttemptStartTime, result.endTime] as number[];
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(result.startTime).toBe(first!.startTime);
    for (const attempt of result.failedAttempts) expect(attempt.durationMs).toBe(attempt.endTime! - attempt.startTime!);
    expect(second!.durationMs).toBeGreaterThanOrEqual(25);
  });

  it('has no failed attempts for a task that passed at once', async () => {
    const { results } = await schedule({
      graph: graphOf({ 'a#test': [] }, { 'a#test': { retries: 2 } }),
      executor: new FakeExecutor(),
      concurrency: 1,
      estimates,
      emit: () => {},
    });
    expect(results[0]).toMatchObject({ status: 'success', attempts: 1, failedAttempts: [], flaky: false });
    expect(results[0]).not.toHaveProperty('lastAttemptStartTime');
  });

  it("keeps every attempt's output in the task's one log, each retry after a separator line", async () => {
    const executor = new FakeExecutor({
      scripts: { 'a#test': { attempts: [{ exitCode: 1, output: ['first try'] }, { exitCode: 1, output: ['second try'] }, { output: ['third try'] }] } },
    });
    const log = eventLog();
    const { results } = await schedule({
      graph: graphOf({ 'a#test': [] }, { 'a#test': { retries: 3 } }),
      executor,
      concurrency: 1,
      estimates,
      emit: log.emit,
    });
    expect(results[0]?.logTail).toEqual(['first try', '── attempt 2 of 4 ──', 'second try', '── attempt 3 of 4 ──', 'third try']);
    // The separator is the log's own: the terminal reporter prints its own line for a retry.
    const lines = log.events.flatMap((event) => (event.type === 'task-output' ? [event.line] : []));
    expect(lines).toEqual(['first try', 'second try', 'third try']);
  });
});

describe('abort', () => {
  it('kills running tasks, skips the rest as interrupted and reports the run interrupted', async () => {
    const controller = new AbortController();
    const executor = new FakeExecutor({ durationMs: 10_000 });
    const log = eventLog();
    const promise = schedule({
      graph: graphOf({ 'a#build': [], 'b#build': [], 'c#build': ['a#build'], 'd#lint': [] }),
      executor,
      concurrency: 2,
      estimates: estimatesOf({ 'a#build': 100, 'b#build': 50 }),
      signal: controller.signal,
      emit: (event) => {
        log.emit(event);
        if (event.type === 'task-started' && executor.running.length === 2) controller.abort('SIGINT');
      },
    });
    const { results, interrupted } = await promise;
    expect(interrupted).toBe(true);
    expect(executor.running).toEqual([]);
    const byId = Object.fromEntries(results.map((result) => [result.id, [result.status, result.skipReason ?? result.signal]]));
    expect(byId).toEqual({
      'a#build': ['failed', 'SIGINT'],
      'b#build': ['failed', 'SIGINT'],
      'c#build': ['skipped', 'interrupted'],
      'd#lint': ['skipped', 'interrupted'],
    });
  });

  it('runs nothing when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const executor = new FakeExecutor();
    const { results, interrupted } = await schedule({
      graph: graphOf({ 'a#build': [] }),
      executor,
      concurrency: 1,
      estimates,
      signal: controller.signal,
      emit: () => {},
    });
    expect(interrupted).toBe(true);
    expect(executor.started).toEqual([]);
    expect(results[0]).toMatchObject({ status: 'skipped', skipReason: 'interrupted' });
  });
});
