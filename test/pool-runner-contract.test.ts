// The way @fanout/runner drives the pool: a `tasks` module called by name, per-call timeout/signal/onStart/
// onLog, and a shell whose stdout/stderr inherit the worker's.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Pool, PoolError } from '@fanout/pool';
import type { LogEntry, StartInfo } from '@fanout/pool';

const TASK_MODULE = `
import { spawn } from 'node:child_process';
export function runScript(spec) {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', spec.command], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
}
`;

type Tasks = { runScript(spec: { command: string }): Promise<{ code: number | null; signal: string | null }> };

let dir = '';
let pool: Pool<Tasks> | undefined;
let poolLines: LogEntry[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fanout-pool-contract-'));
  await writeFile(path.join(dir, 'script-task.js'), TASK_MODULE);
  await writeFile(path.join(dir, 'package.json'), '{"type":"module"}');
  poolLines = [];
  pool = new Pool<Tasks>({ processes: 2, tasks: pathToFileURL(path.join(dir, 'script-task.js')), onLog: (entry) => poolLines.push(entry) });
});

afterEach(async () => {
  await pool?.terminate();
  await rm(dir, { recursive: true, force: true });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return false;
  }
}

describe('@fanout/pool as the runner uses it', () => {
  it('a script call reports its start, and every line of its shell reaches its own onLog before it settles', async () => {
    const starts: StartInfo[] = [];
    const lines: LogEntry[] = [];
    const result = await pool!.apply('runScript', [{ command: 'for i in 1 2 3; do echo out-$i; echo err-$i >&2; done; printf last' }], {
      timeout: 20_000,
      onStart: (info) => starts.push(info),
      onLog: (entry) => lines.push(entry),
    });
    expect(result).toEqual({ code: 0, signal: null });
    expect(starts).toHaveLength(1);
    expect(starts[0]!.worker).toMatch(/^PoolWorker-\d+$/);
    expect(pool!.pids).toContain(starts[0]!.pid);
    expect(lines.filter((l) => l.stream === 'stdout').map((l) => l.line)).toEqual(['out-1', 'out-2', 'out-3', 'last']);
    expect(lines.filter((l) => l.stream === 'stderr').map((l) => l.line)).toEqual(['err-1', 'err-2', 'err-3']);
    expect(lines.every((l) => l.taskId === starts[0]!.taskId && l.pid === starts[0]!.pid)).toBe(true);
    expect(poolLines.filter((l) => l.taskId !== null)).toEqual([]);
  });

  it('a script over its timeout rejects ERR_TASK_TIMEOUT and the processes it started are killed', async () => {
    const lines: LogEntry[] = [];
    const error = await pool!
      .apply('runScript', [{ command: 'sleep 60 & echo bg $!; wait' }], { timeout: 1500, onLog: (entry) => lines.push(entry) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoolError);
    expect((error as PoolError).code).toBe('ERR_TASK_TIMEOUT');
    const sleeper = Number(lines.find((l) => l.line.startsWith('bg '))?.line.slice(3));
    expect(sleeper).toBeGreaterThan(0);
    const deadline = Date.now() + 3000;
    while (alive(sleeper) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(alive(sleeper)).toBe(false);
    expect(await pool!.apply('runScript', [{ command: 'exit 3' }])).toEqual({ code: 3, signal: null });
  });

  it('aborting a running script kills it; aborting a queued one never starts it', async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const calls = [0, 1, 2].map((i) =>
      pool!.apply('runScript', [{ command: `sleep 30; echo ${i}` }], { signal: controller.signal, onStart: (info) => started.push(info.taskId) }).catch((e: unknown) => e),
    );
    const deadline = Date.now() + 10_000;
    while (started.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    controller.abort();
    const outcomes = await Promise.all(calls);
    expect(outcomes.every((o) => o instanceof Error && o.name === 'AbortError')).toBe(true);
    expect(started).toHaveLength(2);
    expect(await pool!.apply('runScript', [{ command: 'true' }])).toEqual({ code: 0, signal: null });
  });
});
