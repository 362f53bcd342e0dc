import { describe, expect, it } from 'vitest';
import { defaultChunksize, joinChunks, splitIntoChunks } from '../src/chunking.js';

describe('chunking', () => {
  it.each([
    [100_000, 2, 12_500],
    [10, 4, 1],
    [17, 2, 3],
    [16, 2, 2],
    [1, 8, 1],
    [0, 2, 1],
  ])('the default chunksize of %i items over %i workers is %i, as Python computes it', (n, workers, expected) => {
    expect(defaultChunksize(n, workers)).toBe(expected);
  });

  it('splits into consecutive chunks, the last one shorter', () => {
    expect(splitIntoChunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(splitIntoChunks([], 3)).toEqual([]);
  });

  it('joins chunk values in order, nested arrays kept whole', () => {
    expect(joinChunks([[1, 2], [], [[3], 4], [5]])).toEqual([1, 2, [3], 4, 5]);
    expect(joinChunks([])).toEqual([]);
  });

  it('joins more chunks than a spread call can take (chunksize 1 over 100k items)', () => {
    const chunks = Array.from({ length: 100_000 }, (_, i) => [i]);
    const joined = joinChunks(chunks);
    expect(joined).toHaveLength(100_000);
    expect(joined[0]).toBe(0);
    expect(joined[99_999]).toBe(99_999);
    expect(joined.every((value, i) => value === i)).toBe(true);
  });
});
