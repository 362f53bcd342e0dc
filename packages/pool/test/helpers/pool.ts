// Process-level tests run the built package: workers start `dist/pool-worker.cjs`, which only exists after
// `pnpm --filter @fanout/pool build`.
import { readFileSync } from 'node:fs';
import { afterEach } from 'vitest';
import { Pool } from '../../dist/index.js';
import type { PoolOptions } from '../../dist/index.js';
import type * as Tasks from '../fixtures/tasks.mjs';

export * from '../../dist/index.js';

export const TASKS = new URL('../fixtures/tasks.mjs', import.meta.url);

const live = new Set<Pool<typeof Tasks>>();

afterEach(async () => {
  const pools = [...live];
  live.clear();
  await Promise.all(pools.map((pool) => pool.terminate()));
});

/** A pool over the fixture tasks, terminated after the test whatever happens. */
export function createPool(options: PoolOptions = {}): Pool<typeof Tasks> {
  const pool = new Pool<typeof Tasks>({ processes: 2, tasks: TASKS, ...options });
  live.add(pool);
  return pool;
}

/** Whether a PID still names a live process (a zombie awaiting its reaper counts as gone). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Polls until `predicate` holds, or fails after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
