import { afterEach, describe, expect, it } from 'vitest';
import { Pool } from '../src/pool.js';
import { PoolError } from '../src/errors.js';
import { withSpawner } from '../src/spawn-seam.js';
import { fakeSpawner } from './helpers/fake-spawn.js';

const pools: Pool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.terminate()));
});

function fakePool(processes: number, options: { maxTasksPerChild?: number; captureOutput?: boolean } = {}): { pool: Pool; workers: ReturnType<typeof fakeSpawner>['workers'] } {
  const { spawn, workers } = fakeSpawner();
  const pool = withSpawner(spawn, () => new Pool({ processes, ...options }));
  pools.push(pool);
  return { pool, workers };
}

const never = (_x?: number): Promise<never> => new Promise<never>(() => undefined);

describe('engine scheduling (in-process fake workers)', () => {
  it('starts `processes` workers named PoolWorker-<n>, capturing output only when asked to', () => {
    expect(fakePool(1).workers[0]?.options.capture).toBe(false);
    expect(fakePool(1, { captureOutput: true }).workers[0]?.options.capture).toBe(true);
    const { workers } = fakePool(3);
    expect(workers).toHaveLength(3);
    expect(workers.every((w) => w.options.workerType === 'process')).toBe(true);
    expect(new Set(workers.map((w) => w.name)).size).toBe(3);
  });

  it('sends a second map chunk to a busy worker only while enough work is queued', async () => {
    const { pool, workers } = fakePool(1);
    expect(await pool.map((x: number) => x + 1, [1, 2, 3, 4, 5, 6], 1)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(workers[0]!.received).toHaveLength(6);
  });

  it('refills a busy worker as soon as one of its chunks returns, not only once it runs dry', async () => {
    const { pool, workers } = fakePool(1);
    const gates: Array<() => void> = [];
    (globalThis as { __gates?: Array<() => void> }).__gates = gates;
    const held = (x: number): Promise<number> =>
      new Promise((resolve) => (globalThis as unknown as { __gates: Array<() => void> }).__gates.push(() => resolve(x)));
    const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 10));
    const done = pool.map(held, [1, 2, 3, 4, 5, 6], 1);
    await tick();
    expect(workers[0]!.received).toHaveLength(2);
    gates[0]!();
    await tick();
    // The second chunk now runs and a third waits behind it: the worker never idles a round trip.
    expect(workers[0]!.received).toHaveLength(3);
    for (let i = 1; i < 6; i++) {
      await tick();
      gates[i]!();
    }
    expect(await done).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('a crash fails the running task, requeues the chunk sent behind it, and replaces the worker', async () => {
    const { pool, workers } = fakePool(1);
    const stuck = pool.map(never, [0], 1);
    const behind = pool.map((x: number) => x * 10, [1, 2, 3], 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(workers[0]!.received.length).toBe(2);
    workers[0]!.crash(7);
    const error = await stuck.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoolError);
    expect(error).toMatchObject({ code: 'ERR_WORKER_CRASHED', exitCode: 7, pid: workers[0]!.pid });
    expect(await behind).toEqual([10, 20, 30]);
    expect(workers).toHaveLength(2);
  });

  it('apply calls never wait behind another task in a busy worker', async () => {
    const { pool, workers } = fakePool(1);
    void pool.apply(never).catch(() => undefined);
    const second = pool.apply((x: number) => x, [5]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(workers[0]!.received).toHaveLength(1);
    workers[0]!.crash(1);
    expect(await second).toBe(5);
  });

  it('maxTasksPerChild retires a worker after that many tasks and starts a new one', async () => {
    const { pool, workers } = fakePool(1, { maxTasksPerChild: 2 });
    for (let i = 0; i < 5; i++) await pool.apply((x: number) => x, [i]);
    expect(workers).toHaveLength(3);
    expect(workers.map((w) => w.received.length)).toEqual([2, 2, 1]);
  });

  it('close waits for calls accepted before it, then join resolves once every worker is stopped', async () => {
    const { pool, workers } = fakePool(2);
    const work = pool.map((x: number) => x * 2, [1, 2, 3]);
    pool.close();
    await pool.join();
    expect(await work).toEqual([2, 4, 6]);
    const exits = await Promise.all(workers.map((w) => w.exited));
    expect(exits.every((e) => e.exitCode === 0)).toBe(true);
  });

  it('an imap begun before close runs to its end; one never begun does not block join and rejects ERR_POOL_CLOSED', async () => {
    const { pool } = fakePool(2);
    const begun = pool.imap((x: number) => x + 1, [1, 2, 3]);
    const first = await begun.next();
    const idle = pool.imap((x: number) => x, [1]);
    pool.close();
    const rest: unknown[] = [];
    for await (const value of begun) rest.push(value);
    expect([first.value, ...rest]).toEqual([2, 3, 4]);
    await pool.join();
    await expect(idle.next()).rejects.toMatchObject({ code: 'ERR_POOL_CLOSED' });
  });

  it('terminate rejects queued and running work ERR_POOL_TERMINATED', async () => {
    const { pool } = fakePool(1);
    const running = pool.apply(never).catch((e: unknown) => e);
    const queued = pool.apply((x: number) => x, [1]).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await pool.terminate();
    expect(await running).toMatchObject({ code: 'ERR_POOL_TERMINATED' });
    expect(await queued).toMatchObject({ code: 'ERR_POOL_TERMINATED' });
  });
});

describe('public types', () => {
  it('declares constructors that take only options: the test seam stays out of the published .d.ts', async () => {
    const { readFile } = await import('node:fs/promises');
    const poolTypes = await readFile(new URL('../dist/pool.d.ts', import.meta.url), 'utf8');
    const processTypes = await readFile(new URL('../dist/process.d.ts', import.meta.url), 'utf8');
    expect(poolTypes).toContain('constructor(options?: number | PoolOptions);');
    expect(processTypes).toContain('constructor(options: ProcessOptions);');
    expect(poolTypes + processTypes).not.toMatch(/SpawnWorker|spawn-seam/);
  });
});
