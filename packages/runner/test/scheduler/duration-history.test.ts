import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_TASK_ESTIMATE_MS, estimateDurations } from '../../src/scheduler/estimate-durations.js';
import { DurationHistory } from '../../src/scheduler/duration-history.js';
import type { TaskId } from '../../src/model/task-id.js';
import { graphOf } from './graph-of.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fanout-history-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});
const id = (value: string) => value as TaskId;

describe('duration history', () => {
  it('keeps a moving average per task across saves and loads', async () => {
    const file = path.join(dir, 'nested', 'durations.json');
    const history = await DurationHistory.load(file);
    history.record(id('a#build'), 1000);
    history.record(id('a#build'), 2000);
    await history.save();
    const reloaded = await DurationHistory.load(file);
    expect(reloaded.get(id('a#build'))).toBe(1500);
  });

  it('treats a corrupt file as an empty history', async () => {
    const file = path.join(dir, 'durations.json');
    await writeFile(file, '{ not json');
    expect((await DurationHistory.load(file)).entries()).toEqual([]);
  });

  it('forgets tasks not measured for 90 days', async () => {
    const file = path.join(dir, 'durations.json');
    const history = await DurationHistory.load(file);
    const now = Date.now();
    history.record(id('old#build'), 10, now - 91 * 24 * 3600 * 1000);
    history.record(id('new#build'), 10, now);
    await history.save(now);
    expect(Object.keys(JSON.parse(await readFile(file, 'utf8')).tasks)).toEqual(['new#build']);
  });
});

describe('duration estimates', () => {
  const tasks = [...graphOf({ 'a#build': [], 'b#build': [], 'b#test': [], 'c#lint': [] }).tasks.values()];

  it('uses the measured history, else the median of the same script, else the overall median', () => {
    const history = new DurationHistory(null);
    history.record(id('a#build'), 100);
    history.record(id('x#build'), 300);
    history.record(id('x#test'), 1000);
    const estimates = estimateDurations(tasks, history);
    expect(Object.fromEntries(estimates)).toEqual({ 'a#build': 100, 'b#build': 200, 'b#test': 1000, 'c#lint': 300 });
  });

  it('falls back to a default without any history', () => {
    const estimates = estimateDurations(tasks, new DurationHistory(null));
    expect([...estimates.values()]).toEqual(tasks.map(() => DEFAULT_TASK_ESTIMATE_MS));
  });
});
