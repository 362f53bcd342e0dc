import { describe, expect, it } from 'vitest';
import { AsyncResult, createPool, PoolError } from './helpers/pool.js';

describe('apply and applyAsync', () => {
  it('apply calls a function by name with its arguments', async () => {
    const pool = createPool();
    expect(await pool.apply('add', [2, 3])).toBe(5);
  });

  it('apply ships a self-contained function by source', async () => {
    const pool = createPool();
    expect(await pool.apply((a: number, b: number) => a * b, [6, 7])).toBe(42);
  });

  it('applyAsync returns an AsyncResult that is awaitable and reports readiness', async () => {
    const pool = createPool();
    const result = pool.applyAsync('sleep', [50, 'done']);
    expect(result).toBeInstanceOf(AsyncResult);
    expect(result.ready()).toBe(false);
    expect(() => result.successful()).toThrow(expect.objectContaining({ code: 'ERR_RESULT_NOT_READY' }));
    expect(await result).toBe('done');
    expect(result.ready()).toBe(true);
    expect(result.successful()).toBe(true);
  });

  it('get(timeout) rejects ERR_RESULT_TIMEOUT and the task keeps running', async () => {
    const pool = createPool();
    const result = pool.applyAsync('sleep', [400, 'late']);
    const error = await result.get(20).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoolError);
    expect((error as PoolError).code).toBe('ERR_RESULT_TIMEOUT');
    expect(await result.get()).toBe('late');
  });

  it('wait() never rejects, even for a failed call', async () => {
    const pool = createPool();
    const result = pool.applyAsync('fail', ['Error', 'nope']);
    await result.wait();
    expect(result.successful()).toBe(false);
  });

  it('callback and errorCallback each run exactly once', async () => {
    const pool = createPool();
    const calls: string[] = [];
    const ok = pool.applyAsync('square', [3], { callback: (v) => calls.push(`ok ${v}`), errorCallback: () => calls.push('bad') });
    const bad = pool.applyAsync('fail', ['Error', 'x'], { callback: () => calls.push('ok?'), errorCallback: () => calls.push('error') });
    await ok.wait();
    await bad.wait();
    await ok.wait();
    expect(calls.sort()).toEqual(['error', 'ok 9']);
  });
});
