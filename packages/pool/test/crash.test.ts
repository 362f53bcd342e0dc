import { describe, expect, it } from 'vitest';
import { createPool, isAlive, PoolError, waitFor } from './helpers/pool.js';

async function rejection(promise: Promise<unknown>): Promise<PoolError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PoolError);
  return error as PoolError;
}

describe('worker crashes', () => {
  it('a worker calling process.exit(3) mid-task rejects ERR_WORKER_CRASHED with its pid and exit code', async () => {
    const pool = createPool();
    const [pid] = pool.pids;
    const others = [pool.apply('sleep', [300, 'a']), pool.apply('sleep', [300, 'b'])];
    const error = await rejection(pool.apply('exit', [3]));
    expect(error.code).toBe('ERR_WORKER_CRASHED');
    expect(error.exitCode).toBe(3);
    expect(error.signal).toBeNull();
    expect(pool.pids).not.toContain(error.pid);
    expect(typeof pid).toBe('number');
    expect(await Promise.all(others)).toEqual(['a', 'b']);
  });

  it('a worker killed with SIGKILL mid-task is replaced by a new worker and other tasks complete', async () => {
    const pool = createPool();
    const before = [...pool.pids];
    const others = Array.from({ length: 6 }, (_, i) => pool.apply('sleep', [20, i]));
    const error = await rejection(pool.apply('killSelf'));
    expect(error.code).toBe('ERR_WORKER_CRASHED');
    expect(error.signal).toBe('SIGKILL');
    expect(await Promise.all(others)).toEqual([0, 1, 2, 3, 4, 5]);
    await waitFor(() => pool.pids.length === 2 && pool.pids.some((pid) => !before.includes(pid)), 5000, 'a replacement worker');
    expect(isAlive(error.pid!)).toBe(false);
    expect(await pool.map('square', [1, 2, 3, 4])).toEqual([1, 4, 9, 16]);
  });

  it('map rejects instead of hanging when a worker dies under it', async () => {
    const pool = createPool();
    const work = pool.map((x: number) => {
      if (x === 3) process.kill(process.pid, 'SIGKILL');
      return x;
    }, [1, 2, 3, 4], 1);
    expect((await rejection(work)).code).toBe('ERR_WORKER_CRASHED');
    expect(await pool.apply('add', [1, 1])).toBe(2);
  });

  it('replacement workers get new names', async () => {
    const pool = createPool({ processes: 1 });
    const first = await pool.apply('whoami');
    await pool.apply('exit', [1]).catch(() => undefined);
    const second = await pool.apply('whoami');
    expect(first.name).toMatch(/^PoolWorker-\d+$/);
    expect(second.name).toMatch(/^PoolWorker-\d+$/);
    expect(second.name).not.toBe(first.name);
    expect(second.pid).not.toBe(first.pid);
  });
});
