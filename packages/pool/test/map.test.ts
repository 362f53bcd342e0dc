import { describe, expect, it } from 'vitest';
import { createPool } from './helpers/pool.js';
import { square } from './fixtures/tasks.mjs';

describe('map and starmap', () => {
  it('map returns results in input order for an exported function passed by reference', async () => {
    const pool = createPool();
    expect(await pool.map(square, [1, 2, 3])).toEqual([1, 4, 9]);
  });

  it('map accepts a name, a chunksize number, and an empty input', async () => {
    const pool = createPool();
    const xs = Array.from({ length: 1000 }, (_, i) => i);
    expect(await pool.map('square', xs, 7)).toEqual(xs.map((x) => x * x));
    expect(await pool.map('square', [])).toEqual([]);
  });

  it('map takes its array input as it was at the call, like Python list(iterable)', async () => {
    const pool = createPool();
    const xs = [1, 2, 3];
    const result = pool.map('square', xs);
    xs.push(4);
    xs[0] = 10;
    expect(await result).toEqual([1, 4, 9]);
  });

  it('map with chunksize 1 over more chunks than a spread call can join keeps every result in order', async () => {
    const pool = createPool();
    const xs = Array.from({ length: 9000 }, (_, i) => i);
    const out = await pool.map('square', xs, 1);
    expect(out).toHaveLength(9000);
    expect(out.every((value, i) => value === i * i)).toBe(true);
  }, 60_000);

  it('map calls the function with undefined for the holes of a sparse array, as iterating it would', async () => {
    const pool = createPool();
    const xs = [1, , 3, , 5];
    expect(await pool.map((x: number | undefined) => (x === undefined ? 'hole' : x * 2), xs, 2)).toEqual([2, 'hole', 6, 'hole', 10]);
  });

  it('map consumes async iterables', async () => {
    const pool = createPool();
    async function* numbers(): AsyncGenerator<number> {
      for (let i = 1; i <= 4; i++) yield i;
    }
    expect(await pool.map('square', numbers())).toEqual([1, 4, 9, 16]);
  });

  it('starmap spreads each argument array', async () => {
    const pool = createPool();
    expect(await pool.starmap('add', [[1, 2], [3, 4]])).toEqual([3, 7]);
    expect(await pool.starmapAsync('add', [[5, 5]]).get()).toEqual([10]);
  });

  it('mapAsync resolves through get() and runs the callback once', async () => {
    const pool = createPool();
    const seen: number[][] = [];
    const result = pool.mapAsync('square', [2, 3], { callback: (values) => seen.push(values) });
    expect(await result.get(10_000)).toEqual([4, 9]);
    expect(seen).toEqual([[4, 9]]);
  });

  it('map rejects with the first failing item and the pool stays usable', async () => {
    const pool = createPool();
    await expect(pool.map('fail', ['TypeError'])).rejects.toBeInstanceOf(TypeError);
    expect(await pool.map('square', [5])).toEqual([25]);
  });

  it('arguments and results travel by structured clone', async () => {
    const pool = createPool();
    const value = {
      map: new Map([['a', 1]]),
      set: new Set([1, 2]),
      big: 2n ** 70n,
      date: new Date(0),
      bytes: new Uint8Array([1, 2, 3]),
      nested: { list: [1, 'two', null] },
    };
    expect(await pool.apply('echo', [value])).toEqual(value);
  });
});
