import { describe, expect, it } from 'vitest';
import { createPool } from './helpers/pool.js';
import type { LogEntry } from './helpers/pool.js';

describe('map chunks waiting in a busy worker', () => {
  it('lines of back-to-back chunks are attributed to the chunk that wrote them', async () => {
    const lines: LogEntry[] = [];
    const pool = createPool({ onLog: (entry) => lines.push(entry) });
    const items = Array.from({ length: 40 }, (_, i) => i);
    const starts: number[] = [];
    await pool.map((x: number) => {
      console.log(`item ${x}`);
      console.error(`err ${x}`);
      return x;
    }, items, { chunksize: 1, onStart: (info) => starts.push(info.taskId) });
    expect(starts).toHaveLength(40);
    const first = Math.min(...starts);
    for (const entry of lines) {
      const item = Number(entry.line.split(' ')[1]);
      expect(entry.taskId).toBe(first + item);
    }
    expect(lines).toHaveLength(80);
  });

  it('a chunk queued behind one that crashes its worker is run again on the replacement', async () => {
    const pool = createPool({ processes: 1 });
    const doomed = pool.map((x: number) => {
      const until = Date.now() + 100;
      while (Date.now() < until) {
        // hold the worker so the next call's chunks are sent behind this one
      }
      process.kill(process.pid, 'SIGKILL');
      return x;
    }, [1], 1);
    const survivor = pool.map('square', [1, 2, 3, 4], 1);
    await expect(doomed).rejects.toMatchObject({ code: 'ERR_WORKER_CRASHED' });
    expect(await survivor).toEqual([1, 4, 9, 16]);
  });

  it('calls with a timeout or a signal never wait in a busy worker', async () => {
    const pool = createPool({ processes: 1 });
    const starts: number[] = [];
    const slow = pool.map('sleep', [300], { chunksize: 1 });
    const controller = new AbortController();
    const guarded = pool.map('square', [2], { signal: controller.signal, onStart: (info) => starts.push(info.taskId) });
    controller.abort();
    await expect(guarded).rejects.toMatchObject({ name: 'AbortError' });
    expect(await slow).toEqual([300]);
    expect(starts).toEqual([]);
  });
});
