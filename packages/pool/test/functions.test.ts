import { describe, expect, expectTypeOf, it } from 'vitest';
import { createPool, Pool, PoolError, TASKS } from './helpers/pool.js';
import type * as Tasks from './fixtures/tasks.mjs';
import { add, square } from './fixtures/tasks.mjs';

describe('functions by reference, by name and by source', () => {
  it('an export of tasks passed by reference runs by name, so it needs no portable source', async () => {
    const pool = createPool();
    // `square` imports nothing, but `whoami` closes over module imports: only by-name shipping can run it.
    const { whoami } = await import('./fixtures/tasks.mjs');
    expect(await pool.apply(whoami)).toMatchObject({ name: expect.stringMatching(/^PoolWorker-/) });
    expect(await pool.map(square, [4])).toEqual([16]);
    expect(await pool.starmap(add, [[1, 1]])).toEqual([2]);
  });

  it('a function that closes over an outer variable fails ERR_FUNCTION_NOT_PORTABLE naming it', async () => {
    const pool = createPool();
    const offset = 10;
    const error = await pool.apply((x: number) => x + offset, [1]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoolError);
    expect(error).toMatchObject({ code: 'ERR_FUNCTION_NOT_PORTABLE', identifier: 'offset', hint: expect.stringContaining('tasks') });
  });

  it('self-contained functions of every syntax run by source', async () => {
    const pool = createPool({ tasks: undefined });
    const shorthand = {
      twice(x: number) {
        return x * 2;
      },
    };
    async function later(x: number): Promise<number> {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return x + 1;
    }
    // eslint-disable-next-line @typescript-eslint/unbound-method -- the method is shipped by source, without its object
    expect(await pool.apply(shorthand.twice, [4])).toBe(8);
    expect(await pool.apply(later, [1])).toBe(2);
    expect(await pool.apply(function named(x: number) {
      const local = Math.max(x, 3);
      return [local, JSON.stringify({ x })];
    }, [1])).toEqual([3, '{"x":1}']);
  });

  it('native and bound functions are not portable', async () => {
    const pool = createPool({ tasks: undefined });
    await expect(pool.apply(Math.max, [1, 2])).rejects.toMatchObject({ code: 'ERR_FUNCTION_NOT_PORTABLE' });
    await expect(pool.apply(((x: number) => x).bind(null), [1])).rejects.toMatchObject({ code: 'ERR_FUNCTION_NOT_PORTABLE' });
  });

  it('a pool called only by name never imports its tasks module in the parent', async () => {
    const loads = (): unknown => (globalThis as { tasksCjsLoads?: number }).tasksCjsLoads;
    const before = loads();
    const pool = createPool({ processes: 1, tasks: new URL('./fixtures/tasks-cjs.cjs', import.meta.url) }) as unknown as Pool<{ triple(x: number): number }>;
    expect(await pool.apply('triple', [5])).toBe(15);
    expect(await pool.map('triple', [1, 2])).toEqual([3, 6]);
    // The fixture counts its evaluations on globalThis: the worker's count is the worker's, this one the parent's.
    expect(loads()).toBe(before);
  });

  it('calling a name that tasks does not export rejects with a TypeError from the worker', async () => {
    const pool = createPool();
    await expect(pool.apply('nope' as 'square', [1])).rejects.toBeInstanceOf(TypeError);
  });

  it('calls by name are typed by the tasks module type', async () => {
    const pool = new Pool<typeof Tasks>({ processes: 1, tasks: TASKS });
    await pool.terminate();
    // Type-level only: never called.
    const _typed = (): void => {
    expectTypeOf(pool.apply('add', [1, 2])).toEqualTypeOf<Promise<number>>();
    expectTypeOf(pool.map('square', [1, 2])).toEqualTypeOf<Promise<number[]>>();
    expectTypeOf(pool.imap('square', [1])).toEqualTypeOf<AsyncIterableIterator<number>>();
    expectTypeOf(pool.starmap('add', [[1, 2]])).toEqualTypeOf<Promise<number[]>>();
    expectTypeOf(pool.apply(square, [2])).toEqualTypeOf<Promise<number>>();
    expectTypeOf(pool.applyAsync('square', [2]).get()).toEqualTypeOf<Promise<number>>();
    // @ts-expect-error -- not an export
    void pool.apply('missing', []).catch(() => undefined);
    // @ts-expect-error -- wrong argument type
    void pool.apply('square', ['x']).catch(() => undefined);
    };
    expect(typeof _typed).toBe('function');
  });
});
