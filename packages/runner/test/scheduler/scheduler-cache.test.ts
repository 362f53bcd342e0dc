import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeExecutor } from '../../src/executor/fake-executor.js';
import { keepOnly } from '../../src/graph/keep-only.js';
import { reverseEdges } from '../../src/graph/reverse-edges.js';
import type { TaskGraph } from '../../src/graph/task-graph.js';
import type { TaskId } from '../../src/model/task-id.js';
import { schedule } from '../../src/scheduler/scheduler.js';
import { fileTaskLogs, type TaskLogs } from '../../src/scheduler/task-log.js';
import { FakeCache } from './fake-cache.js';
import { estimatesOf, eventLog, graphOf } from './graph-of.js';

let dir: string;
let logs: TaskLogs;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fanout-scheduler-cache-'));
  logs = fileTaskLogs(dir);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const graph = () => graphOf({ 'a#build': [], 'b#build': ['a#build'] }, { 'b#build': {} });

describe('scheduling with a cache', () => {
  it('runs and stores misses with the fingerprint, passing the miss reasons on', async () => {
    const cache = new FakeCache();
    const executor = new FakeExecutor({ scripts: { 'a#build': { output: ['built a'] } } });
    const { results } = await schedule({ graph: graph(), executor, concurrency: 2, estimates: estimatesOf({}), cache, logs, emit: () => {} });
    expect(executor.started.map((start) => start.id)).toEqual(['a#build', 'b#build']);
    expect(results.map((result) => [result.cache, result.cacheMissReasons])).toEqual([
      ['miss', ['no entry for a#build']],
      ['miss', ['no entry for b#build']],
    ]);
    expect(cache.stored.map((entry) => [entry.id, entry.fingerprint])).toEqual([
      ['a#build', 'fp(a#build)'],
      ['b#build', 'fp(b#build,fp(a#build))'],
    ]);
    expect(await readFile(cache.stored[0]!.logFile, 'utf8')).toBe('built a\n');
  });

  it('restores hits, replays their log and spawns nothing', async () => {
    const cache = new FakeCache();
    cache.entries.set('fp(a#build)', { log: ['built a'] });
    cache.entries.set('fp(b#build,fp(a#build))', { log: ['built b'] });
    const executor = new FakeExecutor();
    const log = eventLog();
    const { results } = await schedule({ graph: graph(), executor, concurrency: 2, estimates: estimatesOf({}), cache, logs, emit: log.emit });
    expect(executor.started).toEqual([]);
    expect(cache.restored).toEqual(['a#build', 'b#build']);
    expect(results.map((result) => [result.status, result.cache, result.worker, result.logTail])).toEqual([
      ['success', 'hit', null, ['built a']],
      ['success', 'hit', null, ['built b']],
    ]);
    const replayed = log.events.filter((event) => event.type === 'task-output');
    expect(replayed.map((event) => [event.id, event.line, event.replayed])).toEqual([
      ['a#build', 'built a', true],
      ['b#build', 'built b', true],
    ]);
    expect(await readFile(results[1]!.logFile!, 'utf8')).toBe('built b\n');
  });

  it('never stores failed tasks or tasks with cache: false', async () => {
    const cache = new FakeCache();
    const executor = new FakeExecutor({ scripts: { 'b#build': { attempts: [{ exitCode: 1 }] } } });
    await schedule({
      graph: graphOf({ 'a#build': [], 'b#build': [] }, { 'a#build': { cache: false } }),
      executor,
      concurrency: 2,
      estimates: estimatesOf({}),
      cache,
      logs,
      emit: () => {},
    });
    expect(cache.stored).toEqual([]);
  });

  it('turns a cache error into a warning and runs the task uncached', async () => {
    const cache = new FakeCache();
    cache.failLookup.add('a#build');
    const executor = new FakeExecutor();
    const log = eventLog();
    const { results } = await schedule({ graph: graph(), executor, concurrency: 2, estimates: estimatesOf({}), cache, logs, emit: log.emit });
    expect(results.map((result) => [result.status, result.cache])).toEqual([
      ['success', 'off'],
      ['success', 'off'],
    ]);
    expect(log.events.filter((event) => event.type === 'warning')).toMatchObject([{ code: 'EIO' }]);
    expect(cache.stored).toEqual([]);
  });
});

/** The graph `only` makes of `whole` when it keeps `keep`, as buildTaskGraph returns it. */
function onlyGraph(whole: TaskGraph, keep: string[]): TaskGraph {
  const tasks = keepOnly(whole.tasks, new Set(keep as TaskId[]));
  return { tasks, dependents: reverseEdges(tasks), wholeTasks: whole.tasks };
}

describe('scheduling with a cache, tasks left out by --only', () => {
  // lib#build ← app#build ← app#test, and lib#build ← lib#test: `run test --only` keeps the two tests.
  const whole = () => graphOf({ 'lib#build': [], 'app#build': ['lib#build'], 'lib#test': ['lib#build'], 'app#test': ['app#build'] });
  const appTest = 'fp(app#test,fp(app#build,fp(lib#build)))';
  const libTest = 'fp(lib#test,fp(lib#build))';

  it('looks the kept tasks up under the fingerprints a whole run stores, fingerprinting each left-out task once', async () => {
    const cache = new FakeCache();
    cache.entries.set(appTest, { log: ['app passed'] });
    cache.entries.set(libTest, { log: ['lib passed'] });
    const executor = new FakeExecutor();
    const { results } = await schedule({ graph: onlyGraph(whole(), ['lib#test', 'app#test']), executor, concurrency: 2, estimates: estimatesOf({}), cache, logs, emit: () => {} });
    expect(executor.started).toEqual([]);
    expect(results.map((result) => [result.id, result.cache, result.logTail])).toEqual([
      ['lib#test', 'hit', ['lib passed']],
      ['app#test', 'hit', ['app passed']],
    ]);
    expect(cache.fingerprinted.sort()).toEqual(['app#build', 'lib#build']);
  });

  it('runs a kept task that misses without storing it: it ran on outputs its fingerprint does not vouch for', async () => {
    const cache = new FakeCache();
    cache.entries.set(libTest, { log: ['lib passed'] });
    const executor = new FakeExecutor();
    const { results } = await schedule({ graph: onlyGraph(whole(), ['lib#test', 'app#test']), executor, concurrency: 2, estimates: estimatesOf({}), cache, logs, emit: () => {} });
    expect(executor.started.map((start) => start.id)).toEqual(['app#test']);
    expect(results.map((result) => [result.id, result.status, result.cache])).toEqual([
      ['lib#test', 'success', 'hit'],
      ['app#test', 'success', 'miss'],
    ]);
    expect(cache.stored).toEqual([]);
  });

  it('stores no task after one that lost a dependency either: it ran on what the left-out task left on disk', async () => {
    const cache = new FakeCache();
    cache.entries.set('fp(app#build,fp(lib#build))', { log: ['built app'] });
    const executor = new FakeExecutor();
    const { results } = await schedule({ graph: onlyGraph(whole(), ['app#build', 'app#test']), executor, concurrency: 2, estimates: estimatesOf({}), cache, logs, emit: () => {} });
    // app#build is a hit all the same; app#test runs on it and on lib's build as it was, so it is not stored.
    expect(results.map((result) => [result.id, result.cache])).toEqual([
      ['app#build', 'hit'],
      ['app#test', 'miss'],
    ]);
    expect(executor.started.map((start) => start.id)).toEqual(['app#test']);
    expect(cache.stored).toEqual([]);
  });

  it('stores a kept task that lost nothing, under the same fingerprint as in a whole run', async () => {
    const cache = new FakeCache();
    const executor = new FakeExecutor();
    await schedule({ graph: onlyGraph(whole(), ['lib#build', 'lib#test']), executor, concurrency: 2, estimates: estimatesOf({}), cache, logs, emit: () => {} });
    expect(cache.stored.map((entry) => [entry.id, entry.fingerprint])).toEqual([
      ['lib#build', 'fp(lib#build)'],
      ['lib#test', libTest],
    ]);
    expect(cache.fingerprinted).toEqual([]);
  });

  it('runs the kept tasks uncached, with a warning, when a left-out task cannot be fingerprinted', async () => {
    const cache = new FakeCache();
    cache.entries.set(appTest, { log: ['app passed'] });
    cache.failLookup.add('lib#build');
    const executor = new FakeExecutor();
    const log = eventLog();
    const { results } = await schedule({ graph: onlyGraph(whole(), ['lib#test', 'app#test']), executor, concurrency: 2, estimates: estimatesOf({}), cache, logs, emit: log.emit });
    expect(executor.started.map((start) => start.id).sort()).toEqual(['app#test', 'lib#test']);
    expect(results.map((result) => result.cache)).toEqual(['off', 'off']);
    expect(log.events.filter((event) => event.type === 'warning')).toMatchObject([{ code: 'EIO', message: expect.stringContaining('fingerprint lib#build (left out by --only)') }]);
  });

  it('runs a task that lost dependencies uncached when the graph does not carry the tasks it lost', async () => {
    const cache = new FakeCache();
    cache.entries.set(libTest, { log: ['lib passed'] });
    const { tasks, dependents } = onlyGraph(whole(), ['lib#test']);
    const executor = new FakeExecutor();
    const { results } = await schedule({ graph: { tasks, dependents }, executor, concurrency: 2, estimates: estimatesOf({}), cache, logs, emit: () => {} });
    expect(executor.started.map((start) => start.id)).toEqual(['lib#test']);
    expect(results.map((result) => result.cache)).toEqual(['off']);
  });

  it("fingerprints a left-out task from the fingerprint of a kept task below it", async () => {
    // c#build (kept) waits on b#build (left out), which waits on a#build (kept).
    const cache = new FakeCache();
    cache.entries.set('fp(c#build,fp(b#build,fp(a#build)))', { log: ['built c'] });
    const graph = onlyGraph(graphOf({ 'a#build': [], 'b#build': ['a#build'], 'c#build': ['b#build'] }), ['a#build', 'c#build']);
    const executor = new FakeExecutor();
    const { results } = await schedule({ graph, executor, concurrency: 2, estimates: estimatesOf({}), cache, logs, emit: () => {} });
    expect(results.map((result) => [result.id, result.cache])).toEqual([
      ['a#build', 'miss'],
      ['c#build', 'hit'],
    ]);
    expect(cache.fingerprinted).toEqual(['b#build']);
  });

  it('fingerprints left-out tasks within the lookup limit, and no more once the run stops', async () => {
    const tasks: Record<string, string[]> = {};
    for (let at = 0; at < 60; at++) Object.assign(tasks, { [`p${at}#build`]: [], [`p${at}#test`]: [`p${at}#build`] });
    const graph = onlyGraph(graphOf(tasks), Object.keys(tasks).filter((id) => id.endsWith('#test')));
    const cache = new FakeCache();
    cache.fingerprintMs = 20;
    const controller = new AbortController();
    setTimeout(() => controller.abort('SIGINT'), 30);
    const { interrupted } = await schedule({ graph, executor: new FakeExecutor(), concurrency: 2, estimates: estimatesOf({}), cache, logs, signal: controller.signal, emit: () => {} });
    expect(interrupted).toBe(true);
    expect(cache.mostFingerprintingAtOnce).toBe(16);
    // 16 at once, 20 ms each: the first batch or two, not all 60.
    expect(cache.fingerprinted.length).toBeLessThan(60);
  });

  it('tells the cache before every task it runs, looked up or not', async () => {
    const cache = new FakeCache();
    cache.failLookup.add('lib#build');
    const executor = new FakeExecutor();
    await schedule({ graph: onlyGraph(whole(), ['lib#test', 'app#build']), executor, concurrency: 1, estimates: estimatesOf({}), cache, logs, emit: () => {} });
    expect(cache.beforeRuns.sort()).toEqual(['app#build', 'lib#test']);
    expect(cache.beforeRuns.sort()).toEqual(executor.started.map((start) => start.id).sort());
  });

  it('fingerprints a chain of 20,000 left-out tasks without overflowing the stack', async () => {
    const chain: Record<string, string[]> = {};
    for (let at = 0; at < 20_000; at++) chain[`p${at}#build`] = at === 0 ? [] : [`p${at - 1}#build`];
    chain['top#test'] = ['p19999#build'];
    const cache = new FakeCache();
    const executor = new FakeExecutor();
    const { results } = await schedule({ graph: onlyGraph(graphOf(chain), ['top#test']), executor, concurrency: 1, estimates: estimatesOf({}), cache, logs, emit: () => {} });
    expect(results.map((result) => [result.id, result.status, result.cache])).toEqual([['top#test', 'success', 'miss']]);
    expect(cache.fingerprinted).toHaveLength(20_000);
  });
});
