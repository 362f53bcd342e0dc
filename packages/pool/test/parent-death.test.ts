import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive, waitFor } from './helpers/pool.js';

const PARENT = new URL('./fixtures/parent.mjs', import.meta.url);
const started: ChildProcess[] = [];
const leftovers: number[] = [];

afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const pid of leftovers.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone, as it should be
    }
  }
});

async function startParent(): Promise<{ parent: ChildProcess; pids: number[] }> {
  const parent = spawn(process.execPath, [PARENT.pathname], { stdio: ['ignore', 'pipe', 'inherit'] });
  started.push(parent);
  const lines = createInterface({ input: parent.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    parent.once('exit', (code) => reject(new Error(`parent exited early (${code})`)));
  });
  const info = JSON.parse(first) as { workers: number[]; grandchildren: number[] };
  const pids = [...info.workers, ...info.grandchildren];
  leftovers.push(...pids);
  expect(pids).toHaveLength(4);
  expect(pids.every(isAlive)).toBe(true);
  return { parent, pids };
}

describe('when the parent dies, nothing is left behind', () => {
  it.each(['SIGKILL', 'SIGTERM', 'SIGINT'] as const)('after %s every worker and grandchild is gone within 2 s', async (signal) => {
    const { parent, pids } = await startParent();
    parent.kill(signal);
    await waitFor(() => !pids.some(isAlive), 2000, `workers and grandchildren to die after ${signal}`);
  });
});
