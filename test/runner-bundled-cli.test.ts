import { readdirSync, readlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fanoutBin, fixtureRepo } from './rig/fixture-repo.js';
import { headerPids, threePackages } from './runner-fixtures.js';

const require = createRequire(import.meta.url);
const runnerDir = path.dirname(require.resolve('@fanout/runner/package.json'));

// Each script records the PID of the process that spawned its shell: a pool worker, which ran script-task.js.
const recordParent = (name: string) => ({ build: `echo ${name}:$PPID >> ../../parents.log && echo built ${name}` });

describe('the bundled fanout CLI (bin/fanout.js → dist/bundle/cli.cjs)', () => {
  it('is the entry the bin runs, and reads its version from the package manifest', async () => {
    expect(fanoutBin).toBe(path.join(runnerDir, 'bin', 'fanout.js'));
    const manifest = JSON.parse(await readFile(path.join(runnerDir, 'package.json'), 'utf8')) as { version: string };
    await using repo = await fixtureRepo(threePackages());
    const version = await repo.fanout(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(manifest.version);
  });

  it('runs each task on a pool worker that loaded pool-worker.cjs and script-task.js from the bundle', async () => {
    await using repo = await fixtureRepo(
      threePackages({ lib: recordParent('lib'), ui: recordParent('ui'), app: recordParent('app'), root: { '.gitignore': 'node_modules\n*.log\n' } }),
    );
    const run = await repo.fanout(['run', 'build', '--no-cache']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const workerPids = new Set(headerPids(run.stdout));
    expect(workerPids.size).toBeGreaterThan(0);
    const parents = (await repo.read('parents.log')).trim().split('\n').map((line) => line.split(':'));
    expect(parents.map(([name]) => name).sort()).toEqual(['app', 'lib', 'ui']);
    for (const [, pid] of parents) expect(workerPids).toContain(Number(pid));
  });

  it('loads none of the task cache for a --no-cache run (node:crypto stays unloaded), and all of it otherwise', async () => {
    // Preloaded into the CLI only: at exit it writes whether Node's crypto module was ever loaded.
    const probe = `if ((process.argv[1] ?? '').endsWith('fanout.js')) process.on('exit', () => require('node:fs').appendFileSync(${JSON.stringify('modules.log')}, process.moduleLoadList.includes('NativeModule crypto') + '\\n'));\n`;
    await using repo = await fixtureRepo(threePackages({ root: { 'probe.cjs': probe, '.gitignore': 'node_modules\n*.log\n' } }));
    await repo.gitInit();
    const env = { ...process.env, NODE_OPTIONS: `--require ${path.join(repo.root, 'probe.cjs')}` };
    expect((await repo.fanout(['run', 'build', '--no-cache'], { env })).code).toBe(0);
    expect((await repo.fanout(['run', 'build'], { env })).code).toBe(0);
    expect(await repo.read('modules.log')).toBe('false\ntrue\n');
  });

  it('ships early-pool.cjs, and leaves no worker behind when a run of every task fails to plan, with the early pool or without', async () => {
    const bundle = path.join(runnerDir, 'dist', 'bundle');
    expect(JSON.parse(await readFile(path.join(bundle, 'manifest.json'), 'utf8')).files).toContain('early-pool.cjs');
    await using repo = await fixtureRepo(threePackages());
    for (const env of [{}, { FANOUT_NO_EARLY_POOL: '1' }]) {
      const run = await repo.fanout(['run', 'build', '--no-cache', '--filter', '@fx/nope'], { env: { ...process.env, ...env } });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('@fx/nope');
      // Workers start in the run's directory: none may be left there.
      expect(processesIn(repo.root)).toEqual([]);
      const ok = await repo.fanout(['run', 'build', '--no-cache'], { env: { ...process.env, ...env } });
      expect(ok.code).toBe(0);
      expect(headerPids(ok.stdout)).toHaveLength(3);
      expect(processesIn(repo.root)).toEqual([]);
    }
  });

  it('replays a fully cached run without starting a worker or a script', async () => {
    await using repo = await fixtureRepo(threePackages({ root: { '.gitignore': 'node_modules\norder.log\n*.json.out\n' } }));
    await repo.gitInit();
    const first = await repo.fanout(['run', 'build']);
    expect(first.code).toBe(0);
    // The CLI runs as a vm script; nothing in a run may need its experimental import() hook (which warns).
    expect(first.stderr).toBe('');
    expect((await repo.read('order.log')).trim().split('\n')).toHaveLength(3);

    const second = await repo.fanout(['run', 'build', '--summary', 'second.json.out']);
    expect(second.code).toBe(0);
    expect(headerPids(second.stdout)).toEqual([]);
    expect((await repo.read('order.log')).trim().split('\n')).toHaveLength(3);
    const summary = JSON.parse(await repo.read('second.json.out'));
    expect(summary.counts).toMatchObject({ total: 3, cached: 3 });
    expect(summary.workers).toEqual([]);
  });
});

/** PIDs of the processes whose working directory is `dir` (Linux /proc; empty elsewhere). */
function processesIn(dir: string): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  return entries
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readlinkSync(`/proc/${pid}/cwd`) === dir;
      } catch {
        return false;
      }
    })
    .map(Number);
}
