import { createHash } from 'node:crypto';
import { rm, writeFile, chmod, mkdir, symlink } from 'node:fs/promises';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeFingerprint } from '../../src/cache/fingerprint/compute-fingerprint.js';
import type { FingerprintInputs } from '../../src/cache/fingerprint/fingerprint-inputs.js';
import type { Fingerprint } from '../../src/cache/task-cache.js';
import { taskId, type TaskId } from '../../src/model/task-id.js';
import { cacheRig, type CacheRig, twoPackageLockfile } from './cache-rig.js';
import { sampleInputs } from './sample-inputs.js';

const files = {
  '.gitignore': 'node_modules\n*.log\n',
  'packages/a/src/index.js': 'export const a = 1;\n',
  'packages/a/src/util.js': 'export const u = 2;\n',
  'packages/b/src/index.js': 'export const b = 1;\n',
};

async function fingerprintOf(rig: CacheRig, task = rig.task('a', 'build'), deps: ReadonlyMap<TaskId, Fingerprint> = new Map(), env: NodeJS.ProcessEnv = {}) {
  const lookup = await rig.cache({ env }).lookup(task, deps);
  return lookup.fingerprint;
}

describe('fingerprint', () => {
  it('is SHA-256 over `name\\0value\\0` fields in a fixed order, records by sorted key: stored entries stay valid', () => {
    const inputs: FingerprintInputs = {
      formatVersion: 1,
      taskId: taskId('a', 'build'),
      command: 'tsc -b',
      args: ['--force'],
      inputGlobs: null,
      outputGlobs: ['dist/**'],
      files: { 'src/b.ts': '100644 b', 'src/a.ts': '100644 a' },
      dependencies: { 'lib#build': 'f'.repeat(64) as Fingerprint },
      lockfile: 'pnpm:abc',
      env: { MODE: 'hash-of-mode' },
      node: '20.20',
      platform: 'linux',
      arch: 'x64',
    };
    // The recipe spelled out field by field, as entries already in stores were fingerprinted.
    const hash = createHash('sha256');
    for (const [name, value] of [
      ['format', '1'],
      ['task', 'a#build'],
      ['command', 'tsc -b'],
      ['args', '["--force"]'],
      ['inputGlobs', 'null'],
      ['outputGlobs', '["dist/**"]'],
      ['file', 'src/a.ts\x00100644 a'],
      ['file', 'src/b.ts\x00100644 b'],
      ['dependency', `lib#build\x00${'f'.repeat(64)}`],
      ['env', 'MODE\x00hash-of-mode'],
      ['lockfile', 'pnpm:abc'],
      ['node', '20.20'],
      ['platform', 'linux'],
      ['arch', 'x64'],
    ]) {
      hash.update(`${name}\x00${value}\x00`);
    }
    expect(computeFingerprint(inputs)).toBe(hash.digest('hex'));
  });

  it('is the same for the same inputs across cache instances', async () => {
    await using rig = await cacheRig(files);
    const first = await fingerprintOf(rig);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(await fingerprintOf(rig)).toBe(first);
  });

  it('does not depend on the order files were written in', async () => {
    await using one = await cacheRig({ 'packages/a/x.js': 'x', 'packages/a/y.js': 'y' }, { git: false });
    await using two = await cacheRig({ 'packages/a/y.js': 'y', 'packages/a/x.js': 'x' }, { git: false });
    // Different roots, same package content: the task id and files are what count.
    expect(await fingerprintOf(one)).toBe(await fingerprintOf(two));
  });

  it('is the same with and without git for the same files, since git blob ids are reproduced exactly', async () => {
    await using rig = await cacheRig({ 'packages/a/src/index.js': 'export const a = 1;\n', 'packages/a/bin.sh': '#!/bin/sh\n' }, { git: false });
    await chmod(path.join(rig.root, 'packages/a/bin.sh'), 0o755);
    const outsideGit = await fingerprintOf(rig);
    await rig.git('init', '-q', '-b', 'main');
    await rig.git('add', '-A');
    await rig.git('commit', '-q', '-m', 'x');
    expect(await fingerprintOf(rig)).toBe(outsideGit);
  });

  it('reproduces git blob ids in a SHA-256 repository: an untracked file hashes as it will once staged', async () => {
    await using rig = await cacheRig({ 'packages/a/src/index.js': 'export const a = 1;\n' }, { git: false });
    await rig.git('init', '-q', '--object-format=sha256', '-b', 'main');
    await rig.git('add', '-A');
    await rig.git('commit', '-q', '-m', 'x');
    await rig.write({ 'packages/a/src/new.js': 'new\n' });
    const untracked = await fingerprintOf(rig);
    await rig.git('add', 'packages/a/src/new.js');
    expect(await fingerprintOf(rig)).toBe(untracked);
  });

  it('changes when a tracked file changes, and again when it is committed it stays the same', async () => {
    await using rig = await cacheRig(files);
    const before = await fingerprintOf(rig);
    await rig.write({ 'packages/a/src/index.js': 'export const a = 2;\n' });
    const edited = await fingerprintOf(rig);
    expect(edited).not.toBe(before);
    await rig.git('commit', '-qam', 'edit');
    expect(await fingerprintOf(rig)).toBe(edited);
  });

  it('changes when an untracked file is added or a tracked one deleted', async () => {
    await using rig = await cacheRig(files);
    const before = await fingerprintOf(rig);
    await rig.write({ 'packages/a/src/new.js': 'new\n' });
    const added = await fingerprintOf(rig);
    expect(added).not.toBe(before);
    await rm(path.join(rig.root, 'packages/a/src/util.js'));
    expect(await fingerprintOf(rig)).not.toBe(added);
  });

  it('changes when a file becomes executable', async () => {
    await using rig = await cacheRig(files);
    const before = await fingerprintOf(rig);
    await chmod(path.join(rig.root, 'packages/a/src/util.js'), 0o755);
    expect(await fingerprintOf(rig)).not.toBe(before);
  });

  it('ignores git-ignored files, node_modules, other packages and declared outputs', async () => {
    await using rig = await cacheRig(files);
    const task = rig.task('a', 'build', { outputs: ['dist/**'] });
    const before = await fingerprintOf(rig, task);
    await rig.write({
      'packages/a/debug.log': 'ignored by .gitignore',
      'packages/a/node_modules/dep/index.js': 'dep',
      'packages/a/dist/out.js': 'built',
      'packages/b/src/index.js': 'export const b = 2;\n',
    });
    expect(await fingerprintOf(rig, task)).toBe(before);
  });

  it('changes with the command, the arguments and a dependency fingerprint', async () => {
    await using rig = await cacheRig(files);
    const base = rig.task('a', 'build', {}, { dependencies: [taskId('b', 'build')] });
    const deps = new Map([[taskId('b', 'build'), 'f'.repeat(64) as Fingerprint]]);
    const before = await fingerprintOf(rig, base, deps);
    expect(await fingerprintOf(rig, { ...base, command: 'tsc -b' }, deps)).not.toBe(before);
    expect(await fingerprintOf(rig, { ...base, args: ['--prod'] }, deps)).not.toBe(before);
    expect(await fingerprintOf(rig, base, new Map([[taskId('b', 'build'), 'e'.repeat(64) as Fingerprint]]))).not.toBe(before);
    expect(await fingerprintOf(rig, base, deps)).toBe(before);
  });

  it('changes with a declared env var and not with an undeclared one', async () => {
    await using rig = await cacheRig(files);
    const task = rig.task('a', 'build', { env: ['MODE'] });
    const before = await fingerprintOf(rig, task, new Map(), { MODE: 'dev', OTHER: '1' });
    expect(await fingerprintOf(rig, task, new Map(), { MODE: 'dev', OTHER: '2' })).toBe(before);
    expect(await fingerprintOf(rig, task, new Map(), { MODE: 'prod', OTHER: '1' })).not.toBe(before);
    expect(await fingerprintOf(rig, task, new Map(), { OTHER: '1' })).not.toBe(before);
  });

  it('changes with a global dependency, git-ignored ones included, and with a global env var', async () => {
    await using rig = await cacheRig({ ...files, '.gitignore': 'node_modules\n*.log\n.env\n', 'tsconfig.base.json': '{}\n', '.env': 'A=1\n' });
    const task = rig.task('a', 'build');
    const global = async (env: NodeJS.ProcessEnv = {}) =>
      (await rig.cache({ globalDependencies: ['tsconfig.base.json', '.env', 'missing/**'], globalEnv: ['STAGE'], env }).lookup(task, new Map())).fingerprint;
    const plain = await fingerprintOf(rig, task);
    const before = await global();
    expect(before).not.toBe(plain);
    expect(await global()).toBe(before);
    await rig.write({ '.env': 'A=2\n' });
    const afterEnvFile = await global();
    expect(afterEnvFile).not.toBe(before);
    await rig.write({ 'tsconfig.base.json': '{ "strict": true }\n' });
    expect(await global()).not.toBe(afterEnvFile);
    expect(await global({ STAGE: 'prod' })).not.toBe(await global());
    // Without global dependencies a task's fingerprint is what it always was, whatever root files change.
    expect(await fingerprintOf(rig, task)).toBe(plain);
  });

  it('hashes a symlinked global dependency through the link, and takes nothing out of node_modules or .git', async () => {
    await using rig = await cacheRig({ ...files, 'shared/real.env': 'A=1\n', 'node_modules/x/p.json': '{}', 'tsconfig.base.json': '{}' });
    await symlink('shared/real.env', path.join(rig.root, '.env'));
    const task = rig.task('a', 'build');
    const global = async () => (await rig.cache({ globalDependencies: ['.env', '**/*.json'] }).lookup(task, new Map())).fingerprint;
    const before = await global();
    await rig.write({ 'node_modules/x/p.json': '{"x":1}', '.git/info/extra.json': '{}' });
    expect(await global()).toBe(before);
    await rig.write({ 'shared/real.env': 'A=2\n' });
    expect(await global()).not.toBe(before);
  });

  it('keeps a `!` entry of globalEnv to globalEnv and one of a task to its env, as turbo hashes them apart', async () => {
    await using rig = await cacheRig(files);
    const task = rig.task('a', 'build', { env: ['VERCEL_URL', '!STAGE'] });
    const fingerprint = async (env: NodeJS.ProcessEnv) => (await rig.cache({ globalEnv: ['!VERCEL_*', 'STAGE'], env }).lookup(task, new Map())).fingerprint;
    const before = await fingerprint({ VERCEL_URL: 'a', STAGE: 'dev' });
    expect(await fingerprint({ VERCEL_URL: 'b', STAGE: 'dev' })).not.toBe(before);
    expect(await fingerprint({ VERCEL_URL: 'a', STAGE: 'prod' })).not.toBe(before);
  });

  it('keeps `$TURBO_ROOT$/**` inputs out of the root node_modules and .git, and stores no output outside the package', async () => {
    await using rig = await cacheRig({ ...files, 'node_modules/x/p.json': '{}' });
    const task = rig.task('a', 'build', { inputs: ['$TURBO_ROOT$/**'], outputs: ['$TURBO_ROOT$/coverage/**'] });
    const before = await fingerprintOf(rig, task);
    await rig.write({ 'node_modules/x/p.json': '{"x":1}', '.git/info/extra': 'x' });
    expect(await fingerprintOf(rig, task)).toBe(before);
    await rig.write({ 'README.md': 'new root file' });
    expect(await fingerprintOf(rig, task)).not.toBe(before);
    await rig.write({ 'coverage/index.html': 'report' });
    // A later edit to the root output is no input change: outputs are never inputs.
    const withReport = await fingerprintOf(rig, task);
    await rig.write({ 'coverage/index.html': 'report 2' });
    expect(await fingerprintOf(rig, task)).toBe(withReport);
    const cache = rig.cache();
    await rig.runThrough(cache, task);
    expect(rig.warnings).toMatchObject([{ code: 'ERR_RUNNER_CACHE', message: expect.stringContaining('output ../../coverage/index.html is outside the package') }]);
    expect((await cache.lookup(task, new Map())).kind).toBe('miss');
  });

  it('hashes `$TURBO_ROOT$/` and `$ROOT/` inputs from the workspace root, and `!$ROOT/` takes one back', async () => {
    await using rig = await cacheRig({ ...files, 'tsconfig.base.json': '{}\n', 'config/a.json': '{}\n', 'config/skip.json': '{}\n' });
    const turbo = rig.task('a', 'build', { inputs: ['$TURBO_DEFAULT$', '$TURBO_ROOT$/tsconfig.base.json'] });
    const fanout = rig.task('a', 'build', { inputs: ['src/**', '$ROOT/config/*.json', '!$ROOT/config/skip.json'] });
    const root = rig.task('a', 'build', { inputs: ['$ROOT/tsconfig.base.json'] }, { dir: rig.root, packageName: '//' });
    const before = await Promise.all([turbo, fanout, root].map((task) => fingerprintOf(rig, task)));
    await rig.write({ 'config/skip.json': '{"x":1}\n' });
    expect(await Promise.all([turbo, fanout, root].map((task) => fingerprintOf(rig, task)))).toEqual(before);
    await rig.write({ 'tsconfig.base.json': '{ "strict": true }\n' });
    const [turboAfter, fanoutAfter, rootAfter] = await Promise.all([turbo, fanout, root].map((task) => fingerprintOf(rig, task)));
    expect([turboAfter !== before[0], fanoutAfter === before[1], rootAfter !== before[2]]).toEqual([true, true, true]);
    await rig.write({ 'config/a.json': '{"x":1}\n' });
    expect(await fingerprintOf(rig, fanout)).not.toBe(before[1]);
  });

  it('is unchanged by global dependencies that match no file', () => {
    expect(computeFingerprint(sampleInputs({ globalFiles: {} }))).toBe(computeFingerprint(sampleInputs()));
    expect(computeFingerprint(sampleInputs({ globalFiles: { 'tsconfig.json': '100644 abc' } }))).not.toBe(computeFingerprint(sampleInputs()));
  });

  it('covers every variable a wildcard env matches, and a `!` entry takes variables back out, as in turbo', async () => {
    await using rig = await cacheRig(files);
    const task = rig.task('a', 'build', { env: ['PUBLIC_*', '!PUBLIC_GIT_*', 'MODE', '!MODE'] });
    const base = { PUBLIC_A: '1', PUBLIC_GIT_SHA: 'abc', MODE: 'dev' };
    const before = await fingerprintOf(rig, task, new Map(), base);
    expect(await fingerprintOf(rig, task, new Map(), { ...base, PUBLIC_GIT_SHA: 'def', MODE: 'prod' })).toBe(before);
    expect(await fingerprintOf(rig, task, new Map(), { ...base, PUBLIC_A: '2' })).not.toBe(before);
    expect(await fingerprintOf(rig, task, new Map(), { ...base, PUBLIC_B: '1' })).not.toBe(before);
  });

  it('with `inputs` globs hashes only the matching files, and `$DEFAULT` extends the default set', async () => {
    await using rig = await cacheRig({ ...files, 'packages/a/README.md': 'readme\n' });
    const only = rig.task('a', 'build', { inputs: ['src/**'] });
    const extended = rig.task('a', 'build', { inputs: ['$DEFAULT', 'generated/**', '!README.md'] });
    const onlyBefore = await fingerprintOf(rig, only);
    const extendedBefore = await fingerprintOf(rig, extended);
    await rig.write({ 'packages/a/README.md': 'changed\n' });
    expect(await fingerprintOf(rig, only)).toBe(onlyBefore);
    expect(await fingerprintOf(rig, extended)).toBe(extendedBefore);
    // Ignored by git, but named by a glob: an input.
    await mkdir(path.join(rig.root, 'packages/a/generated'), { recursive: true });
    await writeFile(path.join(rig.root, 'packages/a/generated/x.log'), 'gen');
    expect(await fingerprintOf(rig, extended)).not.toBe(extendedBefore);
    await rig.write({ 'packages/a/src/index.js': 'changed\n' });
    expect(await fingerprintOf(rig, only)).not.toBe(onlyBefore);
  });

  it('changes with the package’s own lockfile entries and not with another package’s', async () => {
    const lock = twoPackageLockfile;
    await using rig = await cacheRig({ ...files, 'pnpm-lock.yaml': lock('1.0.0', '3.0.0') });
    const before = await fingerprintOf(rig);
    await rig.write({ 'pnpm-lock.yaml': lock('1.0.0', '3.0.1') });
    expect(await fingerprintOf(rig)).toBe(before);
    await rig.write({ 'pnpm-lock.yaml': lock('1.1.0', '3.0.1') });
    expect(await fingerprintOf(rig)).not.toBe(before);
  });

  it('falls back to the whole lockfile when it cannot be parsed', async () => {
    await using rig = await cacheRig({ ...files, 'pnpm-lock.yaml': 'importers: [unclosed\n' });
    const before = await fingerprintOf(rig);
    await rig.write({ 'pnpm-lock.yaml': 'importers: [still unclosed\n' });
    expect(await fingerprintOf(rig)).not.toBe(before);
  });
});
