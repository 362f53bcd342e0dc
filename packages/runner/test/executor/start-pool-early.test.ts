import { describe, expect, it } from 'vitest';
// Real worker processes load the compiled module: test the build.
import { startPoolEarly, stopEarlyPool } from '../../dist/run.js';
import { isAlive } from '../test-io.js';

describe('startPoolEarly', () => {
  it('starts no pool when the cache may answer (a fully cached run must start no process)', () => {
    expect(startPoolEarly({ scripts: ['build'] })).toBeUndefined();
    expect(startPoolEarly({ scripts: ['build'], cache: true, force: false })).toBeUndefined();
  });

  it('starts a pool of the run\'s concurrency when every task will run (--no-cache, --force), and stops it', async () => {
    for (const options of [{ cache: false }, { force: true }]) {
      const early = startPoolEarly({ scripts: ['build'], concurrency: 2, ...options });
      expect(early).toBeInstanceOf(Promise);
      const pool = await early!;
      const pids = [...pool.pids];
      expect(pids).toHaveLength(2);
      expect(pids.every(isAlive)).toBe(true);
      await stopEarlyPool(early);
      expect(pids.some(isAlive)).toBe(false);
    }
  });
});
