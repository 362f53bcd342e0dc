import { describe, expect, it } from 'vitest';
import { defaultChunksize, splitIntoChunks } from '../src/chunking.js';

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
});
