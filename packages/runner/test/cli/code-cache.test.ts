import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const runnerDir = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
/** A package laid out like @fanout/runner: bin/fanout.js beside dist/bundle/, built by build-cli.mjs. */
let root = '';
let bundleDir = '';

const fanout = (args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string) =>
  run(process.execPath, [path.join(root, 'bin', 'fanout.js'), ...args], {
    env: { ...process.env, ...env, FANOUT_NO_CODE_CACHE: env['FANOUT_NO_CODE_CACHE'] ?? '' },
    timeout: 30_000,
    ...(cwd === undefined ? {} : { cwd }),
  });
const caches = async () => (await readdir(bundleDir)).filter((name) => name.endsWith('.v8cache'));
const removeCaches = async () => {
  for (const name of await caches()) await rm(path.join(bundleDir, name));
};

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'fanout-code-cache-'));
  bundleDir = path.join(root, 'dist', 'bundle');
  await mkdir(path.join(root, 'bin'), { recursive: true });
  for (const file of ['fanout.js', 'package.json']) await copyFile(path.join(runnerDir, 'bin', file), path.join(root, 'bin', file));
  await writeFile(path.join(root, 'package.json'), JSON.stringify({ name: 'runner-copy', version: '9.9.9', type: 'module' }));
  await run(process.execPath, [path.join(runnerDir, 'build-cli.mjs'), bundleDir], { timeout: 60_000 });
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('bin/fanout.js and the V8 code cache', () => {
  it('writes a code cache named after the bundle after the first run, and leaves it alone on the next', async () => {
    await removeCaches();
    expect((await fanout(['--version'])).stdout.trim()).toBe('9.9.9');
    const { ino, size, mtimeMs } = await stat(path.join(bundleDir, 'cli.cjs'));
    expect(await caches()).toEqual([`.cli-${ino}-${size}-${Math.round(mtimeMs)}.v8cache`]);
    const [cache] = await caches();
    const written = await stat(path.join(bundleDir, cache!));
    expect(written.size).toBeGreaterThan(10_000);

    expect((await fanout(['--version'])).stdout.trim()).toBe('9.9.9');
    expect((await stat(path.join(bundleDir, cache!))).mtimeMs).toBe(written.mtimeMs);
  });

  it('replaces a cache a --version wrote once a real command has compiled much more of the CLI', async () => {
    await removeCaches();
    await fanout(['--version']);
    const [cache] = await caches();
    const small = (await stat(path.join(bundleDir, cache!))).size;
    const workspace = path.join(root, 'workspace');
    await mkdir(workspace, { recursive: true });
    await writeFile(path.join(workspace, 'package.json'), JSON.stringify({ name: 'solo', scripts: { build: 'echo built' } }));
    const plan = await fanout(['run', 'build', '--dry-run'], {}, workspace);
    expect(plan.stdout).toContain('solo#build');
    expect((await stat(path.join(bundleDir, cache!))).size).toBeGreaterThan(small * 1.1);
  });

  it('runs tasks from a first, uncached start with nothing on stderr', async () => {
    // Compiled from source, as on a first run.
    await removeCaches();
    const workspace = path.join(root, 'task-workspace');
    await mkdir(workspace, { recursive: true });
    await writeFile(path.join(workspace, 'package.json'), JSON.stringify({ name: 'solo', scripts: { build: 'echo built' } }));
    const result = await fanout(['run', 'build', '--force'], { CI: 'true', NODE_NO_WARNINGS: '', NODE_OPTIONS: '' }, workspace);
    expect(result.stdout).toContain('built');
    expect(result.stderr).toBe('');
  });

  it('writes no cache from a run that started tasks, and one from the fully cached run after it', async () => {
    await removeCaches();
    const workspace = path.join(root, 'cached-workspace');
    await mkdir(workspace, { recursive: true });
    await writeFile(path.join(workspace, 'package.json'), JSON.stringify({ name: 'solo', scripts: { build: 'echo built' } }));
    const cold = await fanout(['run', 'build'], { CI: 'true' }, workspace);
    expect(cold.stdout).toContain('built');
    expect(await caches()).toEqual([]);
    await fanout(['run', 'build', '--summary', 'summary.json'], { CI: 'true' }, workspace);
    expect(JSON.parse(await readFile(path.join(workspace, 'summary.json'), 'utf8'))).toMatchObject({ counts: { total: 1, cached: 1 } });
    expect(await caches()).toHaveLength(1);
  });

  it('keeps a cache of its own for runs told to run every task, written by such a run', async () => {
    await removeCaches();
    const workspace = path.join(root, 'forced-workspace');
    await mkdir(workspace, { recursive: true });
    await writeFile(path.join(workspace, 'package.json'), JSON.stringify({ name: 'solo', scripts: { build: 'echo built' } }));
    const { ino, size, mtimeMs } = await stat(path.join(bundleDir, 'cli.cjs'));
    const key = `.cli-${ino}-${size}-${Math.round(mtimeMs)}`;

    expect((await fanout(['run', 'build', '--no-cache'], { CI: 'true' }, workspace)).stdout).toContain('built');
    expect(await caches()).toEqual([`${key}.tasks.v8cache`]);
    const written = await stat(path.join(bundleDir, `${key}.tasks.v8cache`));
    // Bigger than a --version's: it holds what running a task compiled.
    await fanout(['--version']);
    expect(written.size).toBeGreaterThan((await stat(path.join(bundleDir, `${key}.v8cache`))).size);

    // Used, not rewritten, by the next such run; a plain run does not touch it.
    expect((await fanout(['run', 'build', '--force'], { CI: 'true' }, workspace)).stderr).toBe('');
    expect((await stat(path.join(bundleDir, `${key}.tasks.v8cache`))).mtimeMs).toBe(written.mtimeMs);
    expect((await caches()).sort()).toEqual([`${key}.tasks.v8cache`, `${key}.v8cache`]);
  });

  it('replaces a damaged cache, which V8 rejects, and the command runs as usual', async () => {
    await removeCaches();
    await fanout(['--version']);
    const [cache] = await caches();
    const garbage = Buffer.alloc(4096, 7);
    await writeFile(path.join(bundleDir, cache!), garbage);
    const result = await fanout(['--version']);
    expect(result.stdout.trim()).toBe('9.9.9');
    expect(result.stderr).toBe('');
    expect(await readFile(path.join(bundleDir, cache!))).not.toEqual(garbage);
  });

  it('removes the cache of an earlier build once it writes its own', async () => {
    await removeCaches();
    await writeFile(path.join(bundleDir, '.cli-1-2-3.v8cache'), 'from an older bundle');
    await fanout(['--version']);
    const left = await caches();
    expect(left).toHaveLength(1);
    expect(left).not.toContain('.cli-1-2-3.v8cache');
  });

  it('runs without writing a cache when FANOUT_NO_CODE_CACHE is set', async () => {
    await removeCaches();
    expect((await fanout(['--version'], { FANOUT_NO_CODE_CACHE: '1' })).stdout.trim()).toBe('9.9.9');
    expect(await caches()).toEqual([]);
  });

  it('still runs when the cache cannot be written', async () => {
    await removeCaches();
    // A folder where the cache goes makes both its read and its write fail, as an unreadable or read-only one would.
    const { ino, size, mtimeMs } = await stat(path.join(bundleDir, 'cli.cjs'));
    const cacheFile = path.join(bundleDir, `.cli-${ino}-${size}-${Math.round(mtimeMs)}.v8cache`);
    await mkdir(cacheFile);
    try {
      const result = await fanout(['--version']);
      expect(result.stdout.trim()).toBe('9.9.9');
      expect(result.stderr).toBe('');
      expect((await readdir(bundleDir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    } finally {
      await rm(cacheFile, { recursive: true, force: true });
    }
  });
});
