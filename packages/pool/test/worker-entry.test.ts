import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createPool } from './helpers/pool.js';

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

  it('is one CommonJS file that requires no module of the package and imports the tasks module as ESM', () => {
    const source = readFileSync(distWorker, 'utf8');
    expect(source).not.toMatch(/require\("\.\.?\//);
    expect(source).not.toMatch(/^import /m);
    // `tasks` may be an ES module: the worker must keep a real dynamic import() for it, not a require().
    expect(source).toMatch(/await import\(specifier\)/);
  });
});
