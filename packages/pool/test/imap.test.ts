import { describe, expect, it } from 'vitest';
import { createPool } from './helpers/pool.js';

function* naturals(pulled: number[] = [], limit = Infinity): Generator<number> {
  for (let i = 0; i < limit; i++) {
    pulled.push(i);
    yield i;
  }
}

describe('imap and imapUnordered', () => {
  it('imap yields results in input order', async () => {
    const pool = createPool();
    const out: number[] = [];
    for await (const value of pool.imap('sleep', [120, 10, 60, 5])) out.push(value);
    expect(out).toEqual([120, 10, 60, 5]);
  });

  it('imapUnordered yields results in completion order', async () => {
    const pool = createPool();
    const out: number[] = [];
    for await (const value of pool.imapUnordered('sleep', [600, 10, 20])) out.push(value);
    expect(out[out.length - 1]).toBe(600);
    expect(out.sort((a, b) => a - b)).toEqual([10, 20, 600]);
  });

  it('works on an infinite generator and pulls only a bounded window ahead', async () => {
    const pool = createPool();
    const pulled: number[] = [];
    const out: number[] = [];
    for await (const value of pool.imap('square', naturals(pulled))) {
      out.push(value);
      if (out.length === 20) break;
    }
    expect(out).toEqual(Array.from({ length: 20 }, (_, i) => i * i));
    expect(pulled.length).toBeLessThanOrEqual(20 + 2 * pool.processes);
  });

  it('does not drain the input before the consumer asks (unlike Python gh-64192)', async () => {
    const pool = createPool();
    const pulled: number[] = [];
    const iterator = pool.imap('square', naturals(pulled), 2);
    expect(pulled).toEqual([]);
    expect(await iterator.next()).toEqual({ value: 0, done: false });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(pulled.length).toBeLessThanOrEqual(2 * 2 * pool.processes + 2);
    await iterator.return?.();
  });

  it('leaving the loop early cancels queued work, closes the input and keeps the pool usable', async () => {
    const pool = createPool();
    let closed = false;
    const starts: number[] = [];
    function* slowInputs(): Generator<number> {
      try {
        for (let i = 0; i < 100; i++) yield 300;
      } finally {
        closed = true;
      }
    }
    for await (const value of pool.imapUnordered('sleep', slowInputs(), { onStart: (info) => starts.push(info.taskId) })) {
      expect(value).toBe(300);
      break;
    }
    expect(closed).toBe(true);
    expect(await pool.apply('square', [7])).toBe(49);
    expect(starts.length).toBeLessThan(10);
  });

  it('close() lets an imap that began and was then abandoned finish its input, so join() returns (Python ran it all)', async () => {
    const pool = createPool();
    const pulled: number[] = [];
    const iterator = pool.imap('square', naturals(pulled, 40), 2);
    expect(await iterator.next()).toEqual({ value: 0, done: false });
    // The consumer never calls next() or return() again.
    pool.close();
    await pool.join();
    expect(pulled).toHaveLength(40);
    // Had the consumer come back, the results would be there, in order.
    const rest: number[] = [];
    for await (const value of iterator) rest.push(value);
    expect(rest).toEqual(Array.from({ length: 39 }, (_, i) => (i + 1) ** 2));
  }, 20_000);

  it('terminate() during that drain stops reading an endless input', async () => {
    const pool = createPool();
    const pulled: number[] = [];
    const iterator = pool.imap('sleep', (function* () {
      for (let i = 0; ; i++) {
        pulled.push(i);
        yield 50;
      }
    })());
    expect(await iterator.next()).toEqual({ value: 50, done: false });
    pool.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await pool.terminate();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const afterTerminate = pulled.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(pulled.length).toBe(afterTerminate);
    // Results that were done before terminate() are still delivered; then the iteration fails.
    const rest = (async () => {
      for (;;) {
        const step = await iterator.next();
        if (step.done) return 'done';
        expect(step.value).toBe(50);
      }
    })();
    await expect(rest).rejects.toMatchObject({ code: 'ERR_POOL_TERMINATED' });
  }, 20_000);

  it('close() while an imap consumer is waiting keeps every result in order', async () => {
    const pool = createPool();
    const results: number[] = [];
    const consumed = (async () => {
      for await (const value of pool.imap('square', naturals([], 30), 3)) results.push(value);
    })();
    await new Promise((resolve) => setTimeout(resolve, 20));
    pool.close();
    await consumed;
    await pool.join();
    expect(results).toEqual(Array.from({ length: 30 }, (_, i) => i ** 2));
  }, 20_000);

  it('an iterable that throws part-way surfaces its error at that position and the pool stays usable', async () => {
    const pool = createPool();
    function* broken(): Generator<number> {
      yield 1;
      yield 2;
      yield 3;
      throw new RangeError('input broke');
    }
    const out: number[] = [];
    const error = await (async () => {
      for await (const value of pool.imap('square', broken())) out.push(value);
    })().catch((e: unknown) => e);
    expect(out).toEqual([1, 4, 9]);
    expect(error).toBeInstanceOf(RangeError);
    expect(await pool.map('square', [3])).toEqual([9]);
  });

  it('a task failure surfaces at its position after the results before it', async () => {
    const pool = createPool();
    const out: unknown[] = [];
    const error = await (async () => {
      for await (const value of pool.imap((x: number) => {
        if (x === 3) throw new TypeError('three');
        return x;
      }, [1, 2, 3, 4])) out.push(value);
    })().catch((e: unknown) => e);
    expect(out).toEqual([1, 2]);
    expect(error).toBeInstanceOf(TypeError);
  });

  it('consumes async iterables and honours chunksize', async () => {
    const pool = createPool();
    async function* source(): AsyncGenerator<number> {
      for (let i = 0; i < 10; i++) yield i;
    }
    const taskIds = new Set<number>();
    const out: number[] = [];
    for await (const value of pool.imap('square', source(), { chunksize: 5, onStart: (info) => taskIds.add(info.taskId) })) out.push(value);
    expect(out).toEqual([0, 1, 4, 9, 16, 25, 36, 49, 64, 81]);
    expect(taskIds.size).toBe(2);
  });
});
