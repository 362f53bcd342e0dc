import { describe, expect, it } from 'vitest';
import { FakeExecutor } from '../../src/executor/fake-executor.js';
import { schedule } from '../../src/scheduler/scheduler.js';
import { estimatesOf, eventLog, graphOf } from './graph-of.js';

describe('scheduling order', () => {
  it('starts the root of the longest chain before lint tasks that became ready earlier', async () => {
    const graph = graphOf({
      'a#lint': [],
      'b#lint': [],
      'c#lint': [],
      'gen#build': [],
      'app#build': ['gen#build'],
      'app#test': ['app#build'],
    });
    const executor = new FakeExecutor({
      durationMs: 5,
      scripts: { 'gen#build': { durationMs: 10 }, 'a#lint': { durationMs: 150 } },
    });
    const log = eventLog();
    await schedule({
      graph,
      executor,
      concurrency: 2,
      estimates: estimatesOf({ 'a#lint': 100, 'b#lint': 100, 'c#lint': 100, 'gen#build': 50, 'app#build': 1000, 'app#test': 1000 }),
      emit: log.emit,
    });
    const order: string[] = executor.started.map((start) => start.id);
    expect(order.slice(0, 3)).toEqual(['gen#build', 'a#lint', 'app#build']);
    expect(order.indexOf('app#build')).toBeLessThan(order.indexOf('b#lint'));
  });

  it('starts a task as soon as its own dependencies are done, without waiting for the rest of its level', async () => {
    const graph = graphOf({ 'a#build': [], 'b#build': [], 'a#test': ['a#build'] });
    const executor = new FakeExecutor({ scripts: { 'a#build': { durationMs: 5 }, 'b#build': { durationMs: 300 } } });
    const log = eventLog();
    await schedule({ graph, executor, concurrency: 3, estimates: estimatesOf({}), emit: log.emit });
    expect(log.labels.indexOf('started a#test')).toBeLessThan(log.labels.indexOf('success b#build'));
  });

  it('never runs more tasks at once than the concurrency', async () => {
    const deps: Record<string, string[]> = {};
    for (let i = 0; i < 12; i++) deps[`p${i}#build`] = i >= 4 ? [`p${i - 4}#build`] : [];
    const executor = new FakeExecutor({ durationMs: 2 });
    const { results } = await schedule({
      graph: graphOf(deps),
      executor,
      concurrency: 3,
      estimates: estimatesOf({}),
      emit: () => {},
    });
    expect(executor.maxRunning).toBe(3);
    expect(results.every((result) => result.status === 'success')).toBe(true);
  });

  it('runs dependencies before their dependents', async () => {
    const graph = graphOf({ 'c#build': ['b#build'], 'b#build': ['a#build'], 'a#build': [] });
    const executor = new FakeExecutor({ durationMs: 1 });
    await schedule({ graph, executor, concurrency: 4, estimates: estimatesOf({}), emit: () => {} });
    expect(executor.started.map((start) => start.id)).toEqual(['a#build', 'b#build', 'c#build']);
  });

  it('reports results in the graph order with worker, pid, times and output tail', async () => {
    const graph = graphOf({ 'a#build': [] });
    const executor = new FakeExecutor({ scripts: { 'a#build': { output: ['one', '!two'] } } });
    const log = eventLog();
    const { results } = await schedule({ graph, executor, concurrency: 1, estimates: estimatesOf({}), emit: log.emit });
    expect(results[0]).toMatchObject({
      id: 'a#build',
      status: 'success',
      exitCode: 0,
      worker: 'FakeWorker-1',
      pid: 1000,
      attempts: 1,
      failedAttempts: [],
      flaky: false,
      cache: 'off',
      logTail: ['one', 'two'],
    });
    const outputs = log.events.filter((event) => event.type === 'task-output');
    expect(outputs.map((event) => [event.stream, event.line, event.replayed])).toEqual([
      ['stdout', 'one', false],
      ['stderr', 'two', false],
    ]);
  });
});
