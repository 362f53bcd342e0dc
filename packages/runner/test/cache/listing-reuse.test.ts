import { rm, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkTree } from '../../src/cache/work-tree.js';
import { taskId } from '../../src/model/task-id.js';
import { cacheRig } from './cache-rig.js';

// dist is deliberately not ignored here: restored outputs are then inputs of the package's other tasks.
const files = { '.gitignore': 'node_modules\n', 'packages/a/src/index.js': 'source\n' };

describe('listing reuse within one run', () => {
  it('a task looked up after a restore in its package sees the restored files, as in the run that stored it', async () => {
    await using rig = await cacheRig(files);
    const build = rig.task('a', 'build', { outputs: ['dist/**'] });
    const test = rig.task('a', 'test', {}, { dependencies: [build.id] });
    const cold = rig.cache();
    const lint = rig.task('a', 'lint');
    await rig.runThrough(cold, lint);
    await rig.write({ 'packages/a/dist/out.js': 'built\n' });
    const built = await rig.runThrough(cold, build);
    const tested = await rig.runThrough(cold, test, new Map([[build.id, built.fingerprint]]));

    await rm(path.join(build.dir, 'dist'), { recursive: true });
    const warm = rig.cache();
    // Every lookup of this run is a hit, so the package listing is shared until the restore writes into it.
    expect((await warm.lookup(lint, new Map())).kind).toBe('hit');
    const hit = await warm.lookup(build, new Map());
    if (hit.kind !== 'hit') throw new Error('expected a hit');
    await hit.restore();
    const again = await warm.lookup(test, new Map([[build.id, hit.fingerprint]]));
    expect(again).toMatchObject({ kind: 'hit', fingerprint: tested.fingerprint });
  });

  it('after a miss, each lookup lists the package afresh, so files a running task wrote count', async () => {
    await using rig = await cacheRig(files);
    const cache = rig.cache();
    const first = await cache.lookup(rig.task('a', 'codegen'), new Map());
    expect(first.kind).toBe('miss');
    await rig.write({ 'packages/a/src/generated.js': 'generated\n' });
    const deps = new Map([[taskId('a', 'codegen'), first.fingerprint]]);
    const build = rig.task('a', 'build', {}, { dependencies: [taskId('a', 'codegen')] });
    const seen = await cache.lookup(build, deps);
    const fresh = await rig.cache().lookup(build, deps);
    expect(seen.fingerprint).toBe(fresh.fingerprint);
  });

  it('a task run without a miss (its lookup failed) still makes later lookups list afresh', async () => {
    await using rig = await cacheRig({ ...files, 'packages/b/src/index.js': 'b\n' });
    const lint = rig.task('a', 'lint');
    const build = rig.task('b', 'build');
    await rig.runThrough(rig.cache(), lint);
    const stored = await rig.runThrough(rig.cache(), build);
    const cache = rig.cache();
    // A hit: the listing taken at open is reused for the next lookups.
    expect((await cache.lookup(lint, new Map())).kind).toBe('hit');
    cache.beforeRun(rig.task('a', 'codegen'));
    await rig.write({ 'packages/b/src/index.js': 'written by the task that ran\n' });
    const after = await cache.lookup(build, new Map());
    expect(after.kind).toBe('miss');
    expect(after.fingerprint).not.toBe(stored.fingerprint);
  });

  it('a restore leaves outputs that are already in place untouched', async () => {
    await using rig = await cacheRig({ ...files, '.gitignore': 'node_modules\ndist\n' });
    const build = rig.task('a', 'build', { outputs: ['dist/**'] });
    await rig.write({ 'packages/a/dist/out.js': 'built\n' });
    await rig.runThrough(rig.cache(), build);
    const before = await stat(path.join(build.dir, 'dist/out.js'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const hit = await rig.cache().lookup(build, new Map());
    if (hit.kind !== 'hit') throw new Error('expected a hit');
    await hit.restore();
    const after = await stat(path.join(build.dir, 'dist/out.js'));
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(after.ino).toBe(before.ino);
  });

  it('a listing opened ahead with openWorkTree gives the fingerprints the cache gets by listing itself', async () => {
    await using rig = await cacheRig(files);
    const build = rig.task('a', 'build');
    const stored = await rig.runThrough(rig.cache(), build);
    const ahead = await rig.cache({ workTree: openWorkTree(rig.root) }).lookup(build, new Map());
    expect(ahead).toMatchObject({ kind: 'hit', fingerprint: stored.fingerprint });
  });

  it('ignores a listing opened at another folder than the workspace root', async () => {
    await using rig = await cacheRig({ ...files, '.gitignore': 'node_modules\n*.log\n' });
    await rig.write({ 'packages/a/debug.log': 'ignored by git\n' });
    const build = rig.task('a', 'build');
    const stored = await rig.runThrough(rig.cache(), build);
    // Listed from packages/b, the tree holds none of a's files: used, a's files would be hashed without git, its
    // ignored debug.log among them, and the fingerprint would change.
    const elsewhere = await rig.cache({ workTree: openWorkTree(path.join(rig.root, 'packages', 'b')) }).lookup(build, new Map());
    expect(elsewhere).toMatchObject({ kind: 'hit', fingerprint: stored.fingerprint });
  });
});
