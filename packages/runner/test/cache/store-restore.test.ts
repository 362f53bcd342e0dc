import { chmod, lstat, readFile, readdir, readlink, rm, symlink, writeFile, mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheRig } from './cache-rig.js';

const files = { '.gitignore': 'node_modules\ndist\n', 'packages/a/src/index.js': 'source\n' };

describe('store and restore', () => {
  it('restores outputs byte-identical with their modes, and replays the log line by line', async () => {
    await using rig = await cacheRig(files);
    const task = rig.task('a', 'build', { outputs: ['dist/**'] });
    const binary = Buffer.from([0, 1, 2, 255, 254, 10, 13, 0]);
    await mkdir(path.join(task.dir, 'dist/nested'), { recursive: true });
    await writeFile(path.join(task.dir, 'dist/bundle.bin'), binary);
    await writeFile(path.join(task.dir, 'dist/cli.js'), '#!/usr/bin/env node\n');
    await chmod(path.join(task.dir, 'dist/cli.js'), 0o755);
    await writeFile(path.join(task.dir, 'dist/nested/readonly.txt'), 'ro');
    await chmod(path.join(task.dir, 'dist/nested/readonly.txt'), 0o444);
    await symlink('cli.js', path.join(task.dir, 'dist/bin'));

    const first = await rig.runThrough(rig.cache(), task, new Map(), ['line one', '', 'line three ✓']);
    expect(first.kind).toBe('miss');
    await rm(path.join(task.dir, 'dist'), { recursive: true, force: true });

    const lookup = await rig.cache().lookup(task, new Map());
    expect(lookup.kind).toBe('hit');
    if (lookup.kind !== 'hit') return;
    expect(lookup.durationMs).toBe(42);
    await lookup.restore();
    expect(await readFile(path.join(task.dir, 'dist/bundle.bin'))).toEqual(binary);
    expect((await lstat(path.join(task.dir, 'dist/cli.js'))).mode & 0o777).toBe(0o755);
    expect((await lstat(path.join(task.dir, 'dist/nested/readonly.txt'))).mode & 0o777).toBe(0o444);
    expect(await readlink(path.join(task.dir, 'dist/bin'))).toBe('cli.js');
    const lines: string[] = [];
    for await (const line of lookup.readLog()) lines.push(line);
    expect(lines).toEqual(['line one', '', 'line three ✓']);
    expect(rig.warnings).toEqual([]);
  });

  it('overwrites stale outputs in place and leaves no temp files behind', async () => {
    await using rig = await cacheRig(files);
    const task = rig.task('a', 'build', { outputs: ['dist'] });
    await rig.write({ 'packages/a/dist/out.js': 'fresh' });
    await rig.runThrough(rig.cache(), task);
    await rig.write({ 'packages/a/dist/out.js': 'stale and longer' });
    const lookup = await rig.cache().lookup(task, new Map());
    if (lookup.kind !== 'hit') throw new Error('expected a hit');
    await lookup.restore();
    expect(await readFile(path.join(task.dir, 'dist/out.js'), 'utf8')).toBe('fresh');
    expect(await readdir(path.join(task.dir, 'dist'))).toEqual(['out.js']);
  });

  it('counts what a run wrote, and nothing for an entry that already existed', async () => {
    await using rig = await cacheRig(files);
    const task = rig.task('a', 'build', { outputs: ['dist/**'] });
    await rig.write({ 'packages/a/dist/out.js': 'x'.repeat(1000) });
    const cache = rig.cache();
    await rig.runThrough(cache, task);
    const stats = await cache.close();
    expect(stats.entriesWritten).toBe(1);
    expect(stats.bytesWritten).toBeGreaterThan(1000);

    const again = rig.cache({ read: false });
    const result = await rig.runThrough(again, task);
    expect(result.reasons).toEqual(['cache reads are off (--force)']);
    expect(await again.close()).toEqual({ entriesWritten: 0, bytesWritten: 0 });
  });

  it('stores nothing for a task with `cache: false`, or when writes are off', async () => {
    await using rig = await cacheRig(files);
    const uncached = rig.cache();
    await rig.runThrough(uncached, rig.task('a', 'build', { cache: false }));
    expect((await uncached.close()).entriesWritten).toBe(0);
    const readOnly = rig.cache({ write: false });
    await rig.runThrough(readOnly, rig.task('a', 'build'));
    expect((await readOnly.close()).entriesWritten).toBe(0);
    expect((await rig.runThrough(rig.cache(), rig.task('a', 'build'))).kind).toBe('miss');
  });

  it('never restores a task whose config says `cache: false`, even when an entry exists', async () => {
    await using rig = await cacheRig(files);
    await rig.runThrough(rig.cache(), rig.task('a', 'deploy'));
    const lookup = await rig.cache().lookup(rig.task('a', 'deploy', { cache: false }), new Map());
    expect(lookup).toMatchObject({ kind: 'miss', reasons: ['caching is off for this task (`cache: false`)'] });
  });

  it('warns when declared outputs matched no files, since a hit would then restore nothing', async () => {
    await using rig = await cacheRig(files);
    const cache = rig.cache();
    await rig.runThrough(cache, rig.task('a', 'build', { outputs: ['dsit/**'] }));
    expect(rig.warnings.map((warning) => warning.code)).toEqual(['WARN_RUNNER_CACHE_NO_OUTPUTS']);
    expect(rig.warnings[0]?.message).toContain('dsit/**');
    expect((await cache.close()).entriesWritten).toBe(1);
  });
});
