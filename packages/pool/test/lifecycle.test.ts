import { describe, expect, it } from 'vitest';
import { createPool, isAlive, Pool, PoolError, TASKS, waitFor } from './helpers/pool.js';

describe('close, join, terminate', () => {
  it('join before close rejects ERR_POOL_RUNNING', async () => {
    const pool = createPool();
    await expect(pool.join()).rejects.toMatchObject({ code: 'ERR_POOL_RUNNING' });
  });

  it('close lets queued work finish, then join waits for the workers to exit', async () => {
    const pool = createPool();
    const pids = [...pool.pids];
    const work = pool.map('sleep', [50, 50, 50, 50], 1);
    pool.close();
    await pool.join();
    expect(await work).toEqual([50, 50, 50, 50]);
    expect(pids.some(isAlive)).toBe(false);
  });

  it('submitting after close or terminate rejects ERR_POOL_CLOSED', async () => {
    const pool = createPool();
    pool.close();
    await expect(pool.apply('square', [1])).rejects.toMatchObject({ code: 'ERR_POOL_CLOSED' });
    await expect(pool.map('square', [1])).rejects.toMatchObject({ code: 'ERR_POOL_CLOSED' });
    await pool.terminate();
    const error = await pool.apply('square', [1]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoolError);
    expect((error as PoolError).code).toBe('ERR_POOL_CLOSED');
  });

  it('terminate with long tasks queued returns within 2 s and rejects outstanding work ERR_POOL_TERMINATED', async () => {
    const pool = createPool();
    await pool.apply('square', [1]);
    const pids = [...pool.pids];
    const outstanding = Array.from({ length: 6 }, () => pool.apply('sleep', [30_000]).catch((e: unknown) => e));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await pool.terminate();
    expect(Date.now() - started).toBeLessThan(2000);
    const errors = await Promise.all(outstanding);
    expect(errors.every((e) => e instanceof PoolError && e.code === 'ERR_POOL_TERMINATED')).toBe(true);
    await waitFor(() => !pids.some(isAlive), 2000, 'workers to exit');
  });

  it('terminate is idempotent: every call returns the same promise', async () => {
    const pool = createPool();
    const first = pool.terminate();
    expect(pool.terminate()).toBe(first);
    await first;
    await pool.join();
  });

  it('terminate kills what workers spawned', async () => {
    const pool = createPool({ processes: 1 });
    const grandchild = await pool.apply('spawnSleeper', [60]);
    expect(isAlive(grandchild)).toBe(true);
    await pool.terminate();
    await waitFor(() => !isAlive(grandchild), 2000, 'the grandchild to die');
  });

  it('await using terminates the pool at the end of the scope', async () => {
    let pids: readonly number[] = [];
    {
      await using pool = new Pool({ processes: 1, tasks: TASKS });
      expect(await pool.apply('square', [3])).toBe(9);
      pids = [...pool.pids];
    }
    await waitFor(() => !pids.some(isAlive), 2000, 'workers to exit');
  });
});
