import { describe, expect, it } from 'vitest';
import { createPool, PoolError } from './helpers/pool.js';

async function thrown(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error & Record<string, unknown>;
}

describe('errors from tasks', () => {
  it('built-in error types come back as that type', async () => {
    const pool = createPool({ processes: 1 });
    for (const name of ['TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError']) {
      const error = await thrown(pool.apply('fail', [name, 'boom']));
      expect(error.constructor.name).toBe(name);
      expect(error.name).toBe(name);
      expect(error.message).toBe('boom');
    }
  });

  it('custom errors keep name, message, code and own enumerable properties, and the worker stack', async () => {
    const pool = createPool({ processes: 1 });
    const error = await thrown(pool.apply('fail', ['HttpError', 'not found', { code: 'E_HTTP', status: 404, details: { url: '/x' } }]));
    expect(error.name).toBe('HttpError');
    expect(error.message).toBe('not found');
    expect(error['code']).toBe('E_HTTP');
    expect(error['status']).toBe(404);
    expect(error['details']).toEqual({ url: '/x' });
    expect(error.stack).toContain('fixtures/tasks.mjs');
  });

  it('a cause chain survives', async () => {
    const pool = createPool({ processes: 1 });
    const error = await thrown(pool.apply(() => {
      throw new Error('outer', { cause: new TypeError('inner') });
    }));
    expect(error.cause).toBeInstanceOf(TypeError);
    expect((error.cause as Error).message).toBe('inner');
  });

  it('a thrown non-error value comes back as is', async () => {
    const pool = createPool({ processes: 1 });
    await expect(pool.apply(() => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- the behaviour under test
      throw { reason: 'plain' };
    })).rejects.toEqual({ reason: 'plain' });
  });

  it('an argument that cannot be cloned rejects ERR_NOT_SERIALIZABLE before dispatch, naming its position', async () => {
    const pool = createPool({ processes: 1 });
    const starts: number[] = [];
    const error = await thrown(pool.apply('echo', [{ ok: 1, callback: () => 1 }], { onStart: (i) => starts.push(i.taskId) }));
    expect(error).toBeInstanceOf(PoolError);
    expect(error).toMatchObject({ code: 'ERR_NOT_SERIALIZABLE', position: 'args[0].callback' });
    const mapError = await thrown(pool.map('echo', [1, 2, Symbol('s')]));
    expect(mapError).toMatchObject({ code: 'ERR_NOT_SERIALIZABLE', position: 'iterable[2]' });
    expect(starts).toEqual([]);
  });

  it('a result that cannot be cloned rejects ERR_NOT_SERIALIZABLE', async () => {
    const pool = createPool({ processes: 1 });
    const error = await thrown(pool.apply('returnsFunction'));
    expect(error).toBeInstanceOf(PoolError);
    expect(error['code']).toBe('ERR_NOT_SERIALIZABLE');
    expect(await pool.apply('square', [2])).toBe(4);
  });
});
