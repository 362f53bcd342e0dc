import { describe, expect, it } from 'vitest';
import { createPool, waitFor } from './helpers/pool.js';
import type { LogEntry } from './helpers/pool.js';

describe('initializer and maxTasksPerChild', () => {
  it('the initializer runs once in each worker, before its first task, with initargs', async () => {
    const lines: LogEntry[] = [];
    const pool = createPool({ initializer: 'init', initargs: [1, 'two'], onLog: (e) => lines.push(e) });
    const calls = await pool.map('initCalls', [0, 1, 2, 3], 1);
    for (const seen of calls) expect(seen).toEqual([[1, 'two']]);
    // A worker's start-up output belongs to no task, so nothing waits for it: poll.
    await waitFor(() => lines.filter((l) => l.line.startsWith('init ')).length === 2, 5000, 'both workers to log their init');
    const initLines = lines.filter((l) => l.line.startsWith('init '));
    expect(new Set(initLines.map((l) => l.worker)).size).toBe(2);
    expect(initLines.every((l) => l.taskId === null)).toBe(true);
  });

  it('an initializer passed by reference or by source works too', async () => {
    const pool = createPool({ processes: 1, tasks: undefined, initializer: (x: number) => ((globalThis as Record<string, unknown>)['seed'] = x), initargs: [42] });
    expect(await pool.apply(() => (globalThis as Record<string, unknown>)['seed'])).toBe(42);
  });

  it('a failing initializer rejects pending and new tasks ERR_INITIALIZER_FAILED instead of respawning', async () => {
    const pool = createPool({ initializer: 'failingInit', onLog: () => undefined });
    const pending = pool.map('square', [1, 2, 3], 1).catch((e: unknown) => e);
    expect(await pending).toMatchObject({ code: 'ERR_INITIALIZER_FAILED', cause: expect.objectContaining({ message: 'initializer exploded' }) });
    await expect(pool.apply('square', [1])).rejects.toMatchObject({ code: 'ERR_INITIALIZER_FAILED' });
  });

  it('a tasks module that cannot be imported fails the same way', async () => {
    const pool = createPool({ tasks: new URL('./fixtures/does-not-exist.mjs', import.meta.url) });
    await expect(pool.apply('square', [1])).rejects.toMatchObject({ code: 'ERR_INITIALIZER_FAILED' });
  });

  it('maxTasksPerChild replaces a worker after that many tasks', async () => {
    const pool = createPool({ processes: 1, maxTasksPerChild: 2 });
    const pids: number[] = [];
    for (let i = 0; i < 6; i++) pids.push((await pool.apply('whoami')).pid);
    expect(new Set(pids).size).toBe(3);
    expect(pids[0]).toBe(pids[1]);
    expect(pids[1]).not.toBe(pids[2]);
  });
});
