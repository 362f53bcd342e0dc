/**
 * Python's default chunksize for `map`/`starmap`: about four chunks per worker.
 * `chunksize, extra = divmod(n, workers * 4); if extra: chunksize += 1`
 */
export function defaultChunksize(length: number, workers: number): number {
  if (length === 0) return 1;
  const per = workers * 4;
  const chunksize = Math.floor(length / per);
  return length % per === 0 ? chunksize : chunksize + 1;
}

/** Splits `items` into consecutive chunks of `size` (the last may be shorter). */
export function splitIntoChunks<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
