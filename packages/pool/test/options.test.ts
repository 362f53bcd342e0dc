import { describe, expect, it } from 'vitest';
import { cpuCount, createPool, Pool, PoolError } from './helpers/pool.js';

function constructorError(create: () => unknown): PoolError {
  try {
    create();
  } catch (error) {
    expect(error).toBeInstanceOf(PoolError);
    return error as PoolError;
  }
  throw new Error('expected the constructor to throw');
}

describe('pool options', () => {
  it.each([0, -1, 1.5, '2', Number.NaN])('processes %s throws ERR_INVALID_OPTION synchronously', (processes) => {
    const error = constructorError(() => new Pool({ processes: processes as number }));
    expect(error.code).toBe('ERR_INVALID_OPTION');
    expect(error.message).toContain('`processes`');
  });

  it('a bare number is the worker count, and the default is cpuCount()', () => {
    const pool = createPool({ processes: 3 });
    expect(pool.processes).toBe(3);
    expect(pool.pids).toHaveLength(3);
    const defaults = createPool({ processes: undefined });
    expect(defaults.processes).toBe(cpuCount());
    const four = new Pool(1);
    expect(four.processes).toBe(1);
    void four.terminate();
  });

  it('rejects unknown worker types, bad maxTasksPerChild, timeout, chunksize', async () => {
    expect(constructorError(() => new Pool({ workerType: 'fork' as 'process' })).code).toBe('ERR_INVALID_OPTION');
    expect(constructorError(() => new Pool({ maxTasksPerChild: 0 })).code).toBe('ERR_INVALID_OPTION');
    expect(constructorError(() => new Pool({ timeout: -5 })).code).toBe('ERR_INVALID_OPTION');
    const pool = createPool();
    await expect(pool.map('square', [1], 0)).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
  });

  it('calling by name without a tasks module rejects ERR_INVALID_OPTION with a hint', async () => {
    const pool = createPool({ tasks: undefined });
    const error = await pool.apply('square', [2]).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_INVALID_OPTION', hint: expect.stringContaining('tasks') });
  });
});
