import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LockfileHasher } from '../../src/cache/fingerprint/lockfile-hasher.js';
import { LOCKFILE_MEMO_VERSION, type LockfileMemo } from '../../src/cache/fingerprint/lockfile-memo.js';
import { cacheRig, twoPackageLockfile } from './cache-rig.js';

const lock = twoPackageLockfile;

const DIRS = ['packages/a', 'packages/b', '.'];

describe('lockfile memo', () => {
  let dir: string;
  let lockfile: string;
  let memoFile: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'fanout-lockmemo-'));
    lockfile = path.join(dir, 'pnpm-lock.yaml');
    memoFile = path.join(dir, 'cache', 'lockfile-closures.json');
    await writeFile(lockfile, lock('1.0.0', '3.0.0'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Every package's hash with a fresh hasher; flushed to the memo when `memo` is true. */
  const hashes = async (memo: boolean) => {
    const hasher = new LockfileHasher(lockfile, memo ? memoFile : undefined);
    const result = Object.fromEntries(await Promise.all(DIRS.map(async (relative) => [relative, await hasher.hashFor(relative)] as const)));
    await hasher.flush();
    return result;
  };

  const readMemo = async () => JSON.parse(await readFile(memoFile, 'utf8')) as LockfileMemo;

  /** Replaces `packages/a`'s remembered hash: a later hasher returning it proves it read the memo, not the lockfile. */
  const plantSentinel = async () => {
    const memo = await readMemo();
    memo.hashes['packages/a'] = 'pnpm:sentinel';
    await writeFile(memoFile, JSON.stringify(memo));
  };

  it('remembers each package’s closure hash under the lockfile’s content hash', async () => {
    const fresh = await hashes(false);
    expect(fresh['packages/a']).toMatch(/^pnpm:[0-9a-f]{64}$/);
    expect(await hashes(true)).toEqual(fresh);
    const memo = await readMemo();
    expect(memo.version).toBe(LOCKFILE_MEMO_VERSION);
    expect(memo.key).toMatch(/^pnpm-lock\.yaml\0file:[0-9a-f]{64}$/);
    expect(memo.hashes).toEqual(fresh);
  });

  it('answers from the memo while the lockfile is unchanged, and leaves the memo alone', async () => {
    await hashes(true);
    await plantSentinel();
    const before = await stat(memoFile);
    expect((await hashes(true))['packages/a']).toBe('pnpm:sentinel');
    expect((await stat(memoFile)).mtimeMs).toBe(before.mtimeMs);
  });

  it('recomputes every package when the lockfile changed, and only the changed package’s hash differs', async () => {
    const first = await hashes(true);
    await plantSentinel();
    await writeFile(lockfile, lock('1.0.0', '3.0.1'));
    const second = await hashes(true);
    expect(second['packages/a']).toBe(first['packages/a']);
    expect(second['.']).toBe(first['.']);
    expect(second['packages/b']).not.toBe(first['packages/b']);
    expect((await readMemo()).hashes).toEqual(second);
    // The same content as before gives the same hashes as before, memo or not.
    await writeFile(lockfile, lock('1.0.0', '3.0.0'));
    expect(await hashes(true)).toEqual(first);
  });

  it('ignores a damaged memo, a memo of another format version, and a memo with non-string hashes', async () => {
    const fresh = await hashes(false);
    await hashes(true);
    const valid = await readMemo();
    for (const damaged of [
      JSON.stringify(valid).slice(0, 40),
      JSON.stringify({ ...valid, version: LOCKFILE_MEMO_VERSION + 1, hashes: { ...valid.hashes, 'packages/a': 'pnpm:sentinel' } }),
      JSON.stringify({ ...valid, hashes: { ...valid.hashes, 'packages/a': 42 } }),
      JSON.stringify({ ...valid, hashes: ['pnpm:sentinel'] }),
      'null',
    ]) {
      await writeFile(memoFile, damaged);
      expect(await hashes(true)).toEqual(fresh);
      expect((await readMemo()).hashes).toEqual(fresh);
    }
  });

  it('writes nothing without a memo file, and only the hashes it computed are added to a memo', async () => {
    await hashes(false);
    await expect(stat(memoFile)).rejects.toMatchObject({ code: 'ENOENT' });
    const partial = new LockfileHasher(lockfile, memoFile);
    const a = await partial.hashFor('packages/a');
    await partial.flush();
    expect((await readMemo()).hashes).toEqual({ 'packages/a': a });
    const rest = await hashes(true);
    expect((await readMemo()).hashes).toEqual(rest);
  });

  it('a task cache writes the memo on close and reuses it in the next run', async () => {
    await using rig = await cacheRig({ 'pnpm-lock.yaml': lock('1.0.0', '3.0.0') });
    const task = rig.task('a', 'build');
    const first = rig.cache();
    const miss = await rig.runThrough(first, task);
    await first.close();
    const memoPath = path.join(rig.cacheDir, 'tasks-v1', 'lockfile-closures.json');
    const memo = JSON.parse(await readFile(memoPath, 'utf8')) as LockfileMemo;
    expect(Object.keys(memo.hashes)).toEqual(['packages/a']);

    const second = rig.cache();
    expect(await rig.runThrough(second, task)).toMatchObject({ kind: 'hit', fingerprint: miss.fingerprint });
    await second.close();

    // A damaged memo costs a parse, never a wrong fingerprint.
    await writeFile(memoPath, '{"version":');
    const third = rig.cache();
    expect(await rig.runThrough(third, task)).toMatchObject({ kind: 'hit', fingerprint: miss.fingerprint });
    await third.close();

    // Another package's bump: still a hit. Its own bump: a miss that names the lockfile.
    await rig.write({ 'pnpm-lock.yaml': lock('1.0.0', '3.0.1') });
    const fourth = rig.cache();
    expect(await rig.runThrough(fourth, task)).toMatchObject({ kind: 'hit', fingerprint: miss.fingerprint });
    await fourth.close();
    await rig.write({ 'pnpm-lock.yaml': lock('1.1.0', '3.0.1') });
    const fifth = rig.cache();
    const bumped = await rig.runThrough(fifth, task);
    await fifth.close();
    expect(bumped.kind).toBe('miss');
    expect(bumped.reasons.join('\n')).toContain('lockfile');
  });
});
