import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// The worker side is loaded by real child processes, which need the compiled module: test the build.
import { PoolExecutor } from '../../dist/executor/pool-executor.js';
import { type ScriptPool, startScriptPool } from '../../dist/executor/script-pool.js';
import type { ExecuteRequest, ExecutionOutcome } from '../../src/executor/task-executor.js';
import type { Task } from '../../src/model/task.js';
import type { TaskId } from '../../src/model/task-id.js';
import type { WorkspacePackage } from '../../src/workspace/workspace.js';

let root: string;
let executor: PoolExecutor | undefined;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'fanout-pool-executor-'));
  await mkdir(path.join(root, 'packages', 'ui'), { recursive: true });
});
afterEach(async () => {
  await executor?.terminate();
  executor = undefined;
  await rm(root, { recursive: true, force: true });
});

function task(command: string, args: string[] = []): Task {
  return {
    id: '@acme/ui#build' as TaskId,
    packageName: '@acme/ui',
    dir: path.join(root, 'packages', 'ui'),
    script: 'build',
    command,
    args,
    dependencies: [],
    config: {},
  };
}

function start(concurrency = 1, pool?: Promise<ScriptPool>): PoolExecutor {
  const pkg: WorkspacePackage = {
    name: '@acme/ui',
    version: '1.2.3',
    dir: path.join(root, 'packages', 'ui'),
    relativeDir: 'packages/ui',
    manifestPath: path.join(root, 'packages', 'ui', 'package.json'),
    scripts: {},
    workspaceDependencies: [],
    manifest: {},
  };
  executor = new PoolExecutor({
    concurrency,
    root,
    initCwd: root,
    env: { PATH: process.env['PATH'], HOME: process.env['HOME'] },
    packages: new Map([['@acme/ui', pkg]]),
    ...(pool === undefined ? {} : { pool }),
  });
  return executor;
}

async function runTask(
  t: Task,
  extra: Partial<ExecuteRequest> = {},
): Promise<{ outcome: ExecutionOutcome; lines: string[]; started: Array<{ worker: string; pid: number }> }> {
  const lines: string[] = [];
  const started: Array<{ worker: string; pid: number }> = [];
  const outcome = await executor!.execute({
    task: t,
    attempt: 1,
    onStart: (info) => started.push(info),
    onOutput: ({ stream, line }) => lines.push(`${stream}: ${line}`),
    ...extra,
  });
  return { outcome, lines, started };
}

describe('pool executor', () => {
  it('runs the script through the shell in the package directory and attributes its output', async () => {
    start();
    const { outcome, lines, started } = await runTask(task('echo "in $(basename "$PWD")"; echo oops >&2; exit 3'));
    expect(outcome).toMatchObject({ kind: 'exited', exitCode: 3, signal: null });
    // Two pipes: which one the parent reads first is up to the scheduler.
    expect([...lines].sort()).toEqual(['stderr: oops', 'stdout: in ui']);
    expect(started).toHaveLength(1);
    expect(started[0]?.worker).toMatch(/^PoolWorker-\d+$/);
    if (outcome.kind === 'exited') expect(outcome.pid).toBe(started[0]?.pid);
  });

  it('passes arguments after -- as single, quoted words', async () => {
    start();
    const { lines } = await runTask(task('printf "[%s]\\n"', ['a b', "it's", '$HOME', '']));
    expect(lines).toEqual(['stdout: [a b]', "stdout: [it's]", 'stdout: [$HOME]', 'stdout: []']);
  });

  it('gives scripts npm-compatible environment variables and the package bins on PATH', async () => {
    start();
    const bin = path.join(root, 'packages', 'ui', 'node_modules', '.bin');
    await mkdir(bin, { recursive: true });
    await writeFile(path.join(bin, 'hello-tool'), '#!/bin/sh\necho tool says hi\n', { mode: 0o755 });
    const { lines } = await runTask(
      task('hello-tool && echo "$npm_lifecycle_event|$npm_package_name|$npm_package_version|$npm_package_json|$INIT_CWD"'),
    );
    expect(lines).toEqual([
      'stdout: tool says hi',
      `stdout: build|@acme/ui|1.2.3|${path.join(root, 'packages', 'ui', 'package.json')}|${root}`,
    ]);
  });

  it.runIf(process.platform === 'linux')('keeps NODE_EXTRA_CA_CERTS for scripts, while the pool\'s own workers start without it', async () => {
    const saved = process.env['NODE_EXTRA_CA_CERTS'];
    process.env['NODE_EXTRA_CA_CERTS'] = '/etc/ssl/certs/ca-certificates.crt';
    try {
      const pkg = { PATH: process.env['PATH'], NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt' };
      executor = new PoolExecutor({ concurrency: 1, root, initCwd: root, env: pkg, packages: new Map() });
      // $PPID of the script's shell is the worker that spawned it.
      const { lines } = await runTask(task(`echo "script: $NODE_EXTRA_CA_CERTS"; tr '\\0' '\\n' < /proc/$PPID/environ | grep -c '^NODE_EXTRA_CA_CERTS=' || true`));
      expect(lines).toEqual(['stdout: script: /etc/ssl/certs/ca-certificates.crt', 'stdout: 0']);
    } finally {
      if (saved === undefined) delete process.env['NODE_EXTRA_CA_CERTS'];
      else process.env['NODE_EXTRA_CA_CERTS'] = saved;
    }
  });

  it('kills a timed-out script with the grandchildren it started', async () => {
    start();
    const pidFile = path.join(root, 'grandchild.pid');
    const { outcome } = await runTask(task(`sleep 30 & echo $! > ${pidFile}; wait`), { timeoutMs: 500 });
    expect(outcome.kind).toBe('timed-out');
    const pid = Number(await readFile(pidFile, 'utf8'));
    expect(await isGone(pid)).toBe(true);
  });

  it('runs on a pool started before it, whose workers were spawned before the first task', async () => {
    const pool = startScriptPool(2);
    const pids = [...(await pool).pids];
    expect(pids).toHaveLength(2);
    start(1, pool);
    const { outcome, lines } = await runTask(task('echo "parent $PPID"'));
    expect(outcome.kind).toBe('exited');
    if (outcome.kind === 'exited') expect(pids).toContain(outcome.pid);
    expect(pids.map((pid) => `stdout: parent ${pid}`)).toContain(lines[0]);
  });

  it('stops a pool it was handed when terminated, even if it ran nothing', async () => {
    const pool = startScriptPool(1);
    const [pid] = (await pool).pids;
    await start(1, pool).terminate();
    expect(await isGone(pid!)).toBe(true);
  });

  it('ends running scripts when terminated', async () => {
    start();
    const pidFile = path.join(root, 'script.pid');
    const running = runTask(task(`echo $$ > ${pidFile}; sleep 30`));
    await waitFor(async () => (await readFile(pidFile, 'utf8').catch(() => '')) !== '');
    await executor!.terminate();
    const { outcome } = await running;
    expect(outcome.kind).toBe('aborted');
    expect(await isGone(Number(await readFile(pidFile, 'utf8')))).toBe(true);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** True once no process has the PID (polling briefly: a kill is not instant). */
async function isGone(pid: number): Promise<boolean> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}
