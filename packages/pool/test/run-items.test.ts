import { describe, expect, it } from 'vitest';
import { runItems } from '../src/run-items.js';

describe('runItems', () => {
  it('returns synchronous results without a promise', () => {
    const reply = runItems((x) => (x as number) * 2, false, [1, 2, 3]);
    expect(reply).toEqual({ values: [2, 4, 6] });
  });

  it('continues asynchronously from the first thenable, in order', async () => {
    const fn = (x: unknown): unknown => ((x as number) % 2 === 0 ? Promise.resolve(`async ${String(x)}`) : `sync ${String(x)}`);
    const reply = runItems(fn, false, [1, 2, 3, 4, 5]);
    expect(reply).toBeInstanceOf(Promise);
    expect(await reply).toEqual({ values: ['sync 1', 'async 2', 'sync 3', 'async 4', 'sync 5'] });
  });

  it('spreads argument lists when star is set', () => {
    expect(runItems((a, b) => (a as number) + (b as number), true, [[1, 2], [3, 4]])).toEqual({ values: [3, 7] });
  });

  it('stops at the first throw and keeps the values before it', () => {
    const reply = runItems(
      (x) => {
        if (x === 3) throw new RangeError('three');
        return x;
      },
      false,
      [1, 2, 3, 4],
    ) as { values: unknown[]; error?: { message?: string } };
    expect(reply.values).toEqual([1, 2]);
    expect(JSON.stringify(reply.error)).toContain('three');
  });

  it('stops at the first rejection after going asynchronous', async () => {
    const fn = (x: unknown): unknown => (x === 2 ? Promise.reject(new Error('two')) : x === 1 ? Promise.resolve(1) : x);
    const reply = (await runItems(fn, false, [0, 1, 2, 3])) as { values: unknown[]; error?: unknown };
    expect(reply.values).toEqual([0, 1]);
    expect(JSON.stringify(reply.error)).toContain('two');
  });

  it('reports an unclonable result with ERR_NOT_SERIALIZABLE and its item index, sync or async', async () => {
    const sync = runItems((x) => (x === 1 ? () => 1 : x), false, [0, 1]) as { values: unknown[]; error?: unknown };
    expect(sync.values).toEqual([0]);
    expect(JSON.stringify(sync.error)).toMatch(/ERR_NOT_SERIALIZABLE[\s\S]*item 1|item 1[\s\S]*ERR_NOT_SERIALIZABLE/);
    const later = (await runItems((x) => Promise.resolve(x === 2 ? Symbol('s') : x), false, [0, 1, 2])) as { values: unknown[]; error?: unknown };
    expect(later.values).toEqual([0, 1]);
    expect(JSON.stringify(later.error)).toContain('item 2');
  });
});

describe('runItems replies', () => {
  it('returns values as a packed array, which structured clone sends densely', async () => {
    const { serialize } = await import('node:v8');
    const reply = runItems((x) => x, false, Array.from({ length: 1000 }, (_, i) => i)) as { values: unknown[] };
    const dense = serialize(Array.from({ length: 1000 }, (_, i) => i));
    // A holey array of the same values serializes as a sparse one: key/value pairs, much larger.
    expect(serialize(reply.values).length).toBe(dense.length);
    // Results that turn from small integers into doubles mid-chunk (squares past 2^31) stay packed too.
    const squares = runItems((x) => (x as number) ** 2, false, Array.from({ length: 1000 }, (_, i) => 46_000 + i)) as { values: unknown[] };
    expect(serialize(squares.values).length).toBe(serialize(Array.from({ length: 1000 }, (_, i) => (46_000 + i) ** 2)).length);
  });
});
