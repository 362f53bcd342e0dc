import { describe, expect, it } from 'vitest';
import { createPool, isAlive, PoolError, waitFor } from './helpers/pool.js';
import type { LogEntry } from './helpers/pool.js';

describe('timeouts and abort signals', () => {
  it('a task over its timeout rejects ERR_TASK_TIMEOUT and its worker and grandchildren are killed', async () => {
    const lines: LogEntry[] = [];
    const pool = createPool({ processes: 1, captureOutput: true });
    const error = await pool.apply('spawnSleeperAndHang', [60], { timeout: 1500, onLog: (entry) => lines.push(entry) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoolError);
    expect((error as PoolError).code).toBe('ERR_TASK_TIMEOUT');
    expect((error as PoolError).timeout).toBe(1500);
    const grandchild = Number(/grandchild (\d+)/.exec(lines.map((l) => l.line).join('\n'))?.[1]);
    expect(grandchild).toBeGreaterThan(0);
    await waitFor(() => !isAlive(grandchild) && !isAlive((error as PoolError).pid!), 3000, 'the worker tree to die');
    expect(await pool.apply('add', [2, 2])).toBe(4);
  });

  it('the pool-level timeout applies to every call unless a call overrides it', async () => {
    const pool = createPool({ timeout: 200 });
    await expect(pool.apply('sleep', [5000])).rejects.toMatchObject({ code: 'ERR_TASK_TIMEOUT' });
    expect(await pool.apply('sleep', [300, 'ok'], { timeout: 5000 })).toBe('ok');
  });

  it('aborting a queued call removes it without running it', async () => {
    const pool = createPool({ processes: 1 });
    const started: number[] = [];
    const blocker = pool.apply('sleep', [300, 'first']);
    const controller = new AbortController();
    const queued = pool.apply('square', [3], { signal: controller.signal, onStart: (info) => started.push(info.taskId) });
    controller.abort(new Error('stop'));
    await expect(queued).rejects.toThrow('stop');
    expect(await blocker).toBe('first');
    expect(started).toEqual([]);
  });

  it('aborting a running call kills its worker, which is replaced', async () => {
    const pool = createPool({ processes: 1 });
    const controller = new AbortController();
    let pid = 0;
    const running = pool.apply('sleep', [10_000], { signal: controller.signal, onStart: (info) => (pid = info.pid) });
    await waitFor(() => pid !== 0, 5000, 'the task to start');
    controller.abort();
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    await waitFor(() => !isAlive(pid), 3000, 'the worker to die');
    expect(await pool.apply('square', [4])).toBe(16);
  });

  it('an already-aborted signal rejects at once', async () => {
    const pool = createPool({ captureOutput: true });
    await expect(pool.apply('square', [1], { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
  });
});
