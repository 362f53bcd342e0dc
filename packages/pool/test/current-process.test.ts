import { describe, expect, it } from 'vitest';
import { createPool, currentProcess, isMainProcess, parentProcess } from './helpers/pool.js';

describe('currentProcess', () => {
  it('is MainProcess in the parent, with no parent process', () => {
    expect(currentProcess()).toEqual({ name: 'MainProcess', pid: process.pid });
    expect(parentProcess()).toBeNull();
    expect(isMainProcess()).toBe(true);
  });

  it('is PoolWorker-<n> in workers, whose parent is this process', async () => {
    const pool = createPool({ captureOutput: true });
    const seen = await pool.map('whoami', [1, 2, 3, 4], 1);
    for (const info of seen) {
      expect(info.name).toMatch(/^PoolWorker-\d+$/);
      expect(pool.pids).toContain(info.pid);
      expect(info.parent).toBe(process.pid);
    }
  });

  it('processes a worker spawns are not mistaken for pool workers', async () => {
    const pool = createPool({ captureOutput: true });
    const lines: string[] = [];
    const script = `import('${new URL('../dist/index.js', import.meta.url).href}').then((m) => console.log(m.currentProcess().name, m.isMainProcess()))`;
    await pool.apply('shell', [`node --input-type=module -e "${script}"`], { onLog: (e) => lines.push(e.line) });
    expect(lines).toEqual(['MainProcess true']);
  });

  it('tasks see none of the variables the pool hands its workers (their children would inherit them)', async () => {
    const pool = createPool();
    const leaked = await pool.apply(() => Object.keys(process.env).filter((key) => key.startsWith('FANOUT_POOL_')));
    expect(leaked).toEqual([]);
  });
});
