import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// Real worker processes load the compiled modules: test the build.
import { startPoolForCommand } from '../../dist/cli/early-pool.js';
import { main } from '../../dist/cli/main.js';
import type { ScriptPool } from '../../dist/executor/script-pool.js';
import { capturedIo, isAlive } from '../test-io.js';

let root: string;
const pools: ScriptPool[] = [];

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'fanout-early-pool-'));
  await writeJson('package.json', { name: 'fx-root', private: true, workspaces: ['packages/*'] });
  for (const name of ['a', 'b']) {
    await mkdir(path.join(root, 'packages', name), { recursive: true });
    await writeJson(`packages/${name}/package.json`, { name: `@fx/${name}`, version: '1.0.0', scripts: { build: `echo built ${name}` } });
  }
});
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.terminate()));
  await rm(root, { recursive: true, force: true });
});

async function writeJson(file: string, value: unknown): Promise<void> {
  await writeFile(path.join(root, file), `${JSON.stringify(value)}\n`);
}

function started(argv: string[]): ScriptPool {
  const pool = startPoolForCommand(argv);
  if (pool === undefined) throw new Error(`no pool for ${argv.join(' ')}`);
  pools.push(pool);
  return pool;
}

async function runMain(argv: string[], earlyPool: ScriptPool): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = capturedIo();
  const code = await main(argv, { cwd: root, env: { ...process.env, CI: 'true', NO_COLOR: '1' }, stdout: io.stdout, stderr: io.stderr, earlyPool });
  return { code, ...io.written() };
}

describe('startPoolForCommand (the pool bin/fanout.js starts before loading the CLI)', () => {
  it('starts no pool unless the command line is a run of every task', () => {
    for (const argv of [
      [],
      ['--version'],
      ['cache', 'clean'],
      ['run', 'build'],
      ['run', 'build', '--no-cache', '--dry-run'],
      ['run', 'build', '--force', '--graph=mermaid'],
      ['run', '--help', '--no-cache'],
    ]) {
      expect(startPoolForCommand(argv), argv.join(' ')).toBeUndefined();
    }
  });

  it('leaves usage errors to the CLI and starts nothing for them', () => {
    expect(startPoolForCommand(['run', 'build', '--no-cache', '--concurrency', '0'])).toBeUndefined();
    expect(startPoolForCommand(['run', 'build', '--no-cache', '--no-such-flag'])).toBeUndefined();
  });

  it('starts the run\'s number of workers for --no-cache and --force', async () => {
    for (const flag of ['--no-cache', '--force']) {
      const pool = started(['run', 'build', flag, '--concurrency', '2']);
      const pids = [...pool.pids];
      expect(pids).toHaveLength(2);
      expect(pids.every(isAlive)).toBe(true);
      await pool.terminate();
      expect(pids.some(isAlive)).toBe(false);
    }
  });
});

describe('main with an early pool', () => {
  it('runs the tasks on the early pool\'s workers and stops them when the run is over', async () => {
    const pool = started(['run', 'build', '--no-cache', '--concurrency', '2']);
    const pids = [...pool.pids];
    const result = await runMain(['run', 'build', '--no-cache', '--concurrency', '2'], pool);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const headerPids = [...result.stdout.matchAll(/· PoolWorker-\d+ · pid (\d+) ·/g)].map((match) => Number(match[1]));
    expect(headerPids).toHaveLength(2);
    for (const pid of headerPids) expect(pids).toContain(pid);
    expect(pids.some(isAlive)).toBe(false);
  });

  it('stops the early pool when planning fails (exit 2)', async () => {
    const pool = started(['run', 'build', '--no-cache', '--filter', '@fx/nope']);
    const pids = [...pool.pids];
    const result = await runMain(['run', 'build', '--no-cache', '--filter', '@fx/nope'], pool);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('@fx/nope');
    expect(pids.some(isAlive)).toBe(false);
  });

  it('stops an early pool that the command line does not use (a dry run)', async () => {
    const pool = started(['run', 'build', '--no-cache']);
    const pids = [...pool.pids];
    const result = await runMain(['run', 'build', '--no-cache', '--dry-run=json'], pool);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ tasks: expect.any(Array) });
    expect(pids.some(isAlive)).toBe(false);
  });
});
