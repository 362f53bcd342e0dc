import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeExecutor } from '../../src/executor/fake-executor.js';
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
