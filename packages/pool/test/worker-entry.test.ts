import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { spawnWorker } from '../dist/backend.js';
import { createPool } from './helpers/pool.js';
import type { Pool } from './helpers/pool.js';

const distWorker = fileURLToPath(new URL('../dist/pool-worker.cjs', import.meta.url));

describe('worker entry', () => {
  it.runIf(process.platform === 'linux')('starts every worker process from the bundled dist/pool-worker.cjs', async () => {
    const pool = createPool();
    expect(await pool.apply('square', [3])).toBe(9);
    for (const pid of pool.pids) {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      expect(argv.map((arg) => path.resolve(arg))).toContain(distWorker);
    }
  });

  it('is one CommonJS file that requires no module of the package and keeps a real import() for tasks modules', () => {
    const source = readFileSync(distWorker, 'utf8');
    expect(source).not.toMatch(/require\("\.\.?\//);
    expect(source).not.toMatch(/^import /m);
    // What require() cannot load (top-level await, other schemes, loader hooks) goes through import().
    expect(source).toMatch(/await import\(specifier\)/);
  });

  it.each(['process', 'thread'] as const)('answers workerpool requests in a %s: methods, an unknown method, terminate', async (workerType) => {
    const handle = spawnWorker({ name: 'W', workerType, capture: false });
    try {
      expect(await handle.call('methods', [])).toEqual(expect.arrayContaining(['fanoutInit', 'fanoutRun', 'fanoutProcess', 'methods']));
      await expect(handle.call('nope', [])).rejects.toThrow('Unknown method "nope"');
    } finally {
      // stop() sends workerpool's terminate request; the worker exits 0 on it.
      expect(await handle.stop()).toMatchObject({ exitCode: 0 });
    }
  });

  it('loads a tasks module with top-level await', async () => {
    const pool = createPool({ tasks: new URL('./fixtures/tasks-tla.mjs', import.meta.url) }) as unknown as Pool<{ addBase(x: number): number }>;
    expect(await pool.map('addBase', [1, 2], 1)).toEqual([11, 12]);
  });

  it('loads a CommonJS tasks module once per worker, calling its exports by name', async () => {
    const pool = createPool({ processes: 1, tasks: new URL('./fixtures/tasks-cjs.cjs', import.meta.url) }) as unknown as Pool<{ triple(x: number): number; loads(): number }>;
    expect(await pool.apply('triple', [5])).toBe(15);
    expect(await pool.apply('loads', [])).toBe(1);
  });
});
