import { mkdtemp, readFile, rm, stat, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Fingerprint } from '../../src/cache/task-cache.js';
import { RunnerError } from '../../src/errors.js';
import { cacheRig, type CacheRig } from './cache-rig.js';

const files = { '.gitignore': 'node_modules\ndist\n', 'packages/a/src/index.js': 'source\n' };

async function storedEntry(rig: CacheRig) {
  const task = rig.task('a', 'build', { outputs: ['dist/**'] });
  await rig.write({ 'packages/a/dist/out.js': 'the real output\n' });
  const { fingerprint } = await rig.runThrough(rig.cache(), task);
  const dir = path.join(rig.cacheDir, 'tasks-v1', 'entries', fingerprint);
  return { task, fingerprint, dir };
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(() => true, () => false);
}

async function editManifest(dir: string, edit: (manifest: { outputs: Array<Record<string, unknown>> }) => void) {
  const file = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(await readFile(file, 'utf8')) as { outputs: Array<Record<string, unknown>> };
  edit(manifest);
  await writeFile(file, JSON.stringify(manifest));
}

describe('entry integrity', () => {
  it('treats a truncated output as a miss with a warning, and removes the entry', async () => {
    await using rig = await cacheRig(files);
    const { task, dir } = await storedEntry(rig);
    await truncate(path.join(dir, 'outputs/dist/out.js'), 3);
    // As in a fresh checkout: the entry's copy is what a hit would restore.
    await rm(path.join(rig.root, 'packages/a/dist'), { recursive: true });
    const lookup = await rig.cache().lookup(task, new Map());
    expect(lookup.kind).toBe('miss');
    expect(rig.warnings.map((warning) => warning.code)).toEqual(['ERR_RUNNER_CACHE']);
    expect(rig.warnings[0]?.message).toContain('dist/out.js');
    expect(await exists(dir)).toBe(false);
  });

  it('treats a missing output or manifest as a miss with a warning', async () => {
    await using rig = await cacheRig(files);
    const { task, dir } = await storedEntry(rig);
    await rm(path.join(dir, 'outputs/dist/out.js'));
    await rm(path.join(rig.root, 'packages/a/dist'), { recursive: true });
    expect((await rig.cache().lookup(task, new Map())).kind).toBe('miss');
    const second = await storedEntry(rig);
    await rm(path.join(second.dir, 'manifest.json'));
    expect((await rig.cache().lookup(task, new Map())).kind).toBe('miss');
    expect(rig.warnings).toHaveLength(2);
    expect(await exists(second.dir)).toBe(false);
  });

  it('serves a hit from outputs already in place without reading the entry’s copies, and checks them once needed', async () => {
    await using rig = await cacheRig(files);
    const { task, dir } = await storedEntry(rig);
    await truncate(path.join(dir, 'outputs/dist/out.js'), 3);
    const inPlace = await rig.cache().lookup(task, new Map());
    if (inPlace.kind !== 'hit') throw new Error(`expected a hit, got a miss: ${inPlace.reasons.join('; ')}`);
    await inPlace.restore();
    expect(await readFile(path.join(rig.root, 'packages/a/dist/out.js'), 'utf8')).toBe('the real output\n');
    expect(rig.warnings).toEqual([]);

    await rm(path.join(rig.root, 'packages/a/dist/out.js'));
    expect((await rig.cache().lookup(task, new Map())).kind).toBe('miss');
    expect(rig.warnings[0]?.message).toContain('dist/out.js is 3 bytes, expected 16');
    expect(await exists(dir)).toBe(false);
  });

  it('refuses to restore an altered output of the same size, writes nothing, and removes the entry', async () => {
    await using rig = await cacheRig(files);
    const { task, dir } = await storedEntry(rig);
    await writeFile(path.join(dir, 'outputs/dist/out.js'), 'THE REAL OUTPUT\n');
    await rig.write({ 'packages/a/dist/out.js': 'local edit\n' });
    const lookup = await rig.cache().lookup(task, new Map());
    if (lookup.kind !== 'hit') throw new Error('expected a hit before verification');
    const error: unknown = await lookup.restore().then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(RunnerError);
    expect((error as RunnerError).code).toBe('ERR_RUNNER_CACHE');
    expect(await readFile(path.join(task.dir, 'dist/out.js'), 'utf8')).toBe('local edit\n');
    expect(await exists(dir)).toBe(false);
  });

  it.each([
    ['a parent path', { path: '../escaped.txt' }],
    ['an absolute path', { path: '/tmp/fanout-escaped.txt' }],
    ['a symlink pointing outside', { path: 'dist/link', type: 'symlink', target: '../../../etc/passwd' }],
  ])('refuses an entry naming %s (zip-slip), reports it and removes it', async (_what, output) => {
    await using rig = await cacheRig(files);
    const { task, dir } = await storedEntry(rig);
    await editManifest(dir, (manifest) => manifest.outputs.push({ type: 'file', size: 0, mode: 420, sha256: 'x', ...output }));
    const lookup = await rig.cache().lookup(task, new Map());
    expect(lookup.kind).toBe('miss');
    expect(rig.warnings.map((warning) => warning.code)).toEqual(['ERR_RUNNER_CACHE']);
    expect(rig.warnings[0]?.message).toContain(output.path);
    expect(await exists(dir)).toBe(false);
    expect(await exists(path.join(rig.root, 'packages/escaped.txt'))).toBe(false);
  });

  it('refuses to store a symlink output that points outside the package', async () => {
    await using rig = await cacheRig(files);
    const task = rig.task('a', 'build', { outputs: ['dist/**'] });
    await rig.write({ 'packages/a/dist/out.js': 'x' });
    await symlink('../../b/package.json', path.join(task.dir, 'dist/escape'));
    const cache = rig.cache();
    await rig.runThrough(cache, task);
    expect(rig.warnings.map((warning) => warning.message)).toEqual([expect.stringContaining('dist/escape') as unknown as string]);
    expect((await cache.close()).entriesWritten).toBe(0);
  });

  it('refuses to restore through a symlinked folder that leads out of the package', async () => {
    await using rig = await cacheRig(files);
    const outside = await mkdtemp(path.join(tmpdir(), 'fanout-outside-'));
    try {
      const { task } = await storedEntry(rig);
      await rm(path.join(task.dir, 'dist'), { recursive: true });
      await symlink(outside, path.join(task.dir, 'dist'));
      const lookup = await rig.cache().lookup(task, new Map());
      if (lookup.kind !== 'hit') throw new Error('expected a hit');
      const error: unknown = await lookup.restore().then(() => undefined, (caught: unknown) => caught);
      expect((error as RunnerError).code).toBe('ERR_RUNNER_CACHE');
      expect(await exists(path.join(outside, 'out.js'))).toBe(false);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('treats a manifest for another fingerprint as damaged', async () => {
    await using rig = await cacheRig(files);
    const { task, dir } = await storedEntry(rig);
    const manifestFile = path.join(dir, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as { fingerprint: Fingerprint };
    manifest.fingerprint = '0'.repeat(64) as Fingerprint;
    await writeFile(manifestFile, JSON.stringify(manifest));
    expect((await rig.cache().lookup(task, new Map())).kind).toBe('miss');
    expect(rig.warnings).toHaveLength(1);
  });
});
