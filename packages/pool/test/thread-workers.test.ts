import { describe, expect, it } from 'vitest';
import { createPool } from './helpers/pool.js';
import type { LogEntry } from './helpers/pool.js';

describe("workerType 'thread'", () => {
  it('runs tasks on worker threads named PoolWorker-<n> inside this process', async () => {
    const lines: LogEntry[] = [];
    const pool = createPool({ workerType: 'thread', onLog: (e) => lines.push(e) });
    expect(await pool.map('square', [1, 2, 3])).toEqual([1, 4, 9]);
    const info = await pool.apply('whoami');
    expect(info.name).toMatch(/^PoolWorker-\d+$/);
    expect(info.pid).toBe(process.pid);
    await pool.apply('print', [['from a thread']]);
    expect(lines.map((l) => l.line)).toContain('from a thread');
  });

  it('a timed-out thread is terminated and replaced', async () => {
    const pool = createPool({ workerType: 'thread', processes: 1 });
    await expect(pool.apply('sleep', [10_000], { timeout: 200 })).rejects.toMatchObject({ code: 'ERR_TASK_TIMEOUT' });
    expect(await pool.apply('square', [5])).toBe(25);
  });
});
