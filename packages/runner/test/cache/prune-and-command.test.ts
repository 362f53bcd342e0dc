import { readdir, utimes, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheCommand } from '../../src/cli/cache-command.js';
import { parseSize } from '../../src/cache/parse-size.js';
import { RunnerError } from '../../src/errors.js';
import { capturedIo } from '../test-io.js';
import { cacheRig, type CacheRig } from './cache-rig.js';

/** Stores three entries of ~100 KB for tasks a#t0..a#t2, last used in that order, oldest first. */
async function threeEntries(rig: CacheRig): Promise<string[]> {
  const fingerprints: string[] = [];
  for (let i = 0; i < 3; i++) {
    const task = rig.task('a', `t${i}`, { outputs: [`out${i}/**`] });
    await rig.write({ [`packages/a/out${i}/blob.bin`]: String(i).repeat(100 * 1024) });
    const { fingerprint } = await rig.runThrough(rig.cache(), task);
    const time = new Date(Date.now() - (3 - i) * 60_000);
    await utimes(path.join(rig.cacheDir, 'tasks-v1', 'entries', fingerprint, 'manifest.json'), time, time);
    fingerprints.push(fingerprint);
  }
  return fingerprints;
}

async function command(rig: CacheRig, argv: string[], env: NodeJS.ProcessEnv = {}) {
  const io = capturedIo();
  const code = await cacheCommand(argv, { cwd: path.join(rig.root, 'packages', 'a'), stdout: io.stdout, stderr: io.stderr, env });
  return { code, ...io.written() };
}

const entriesOf = (rig: CacheRig) => readdir(path.join(rig.cacheDir, 'tasks-v1', 'entries')).catch(() => []);

describe('size budget and `fanout cache`', () => {
  it('prune removes least recently used entries first until the store fits', async () => {
    await using rig = await cacheRig({ '.gitignore': 'node_modules\nout*\n' });
    const [oldest, middle, newest] = await threeEntries(rig);
    // A hit counts as a use: the oldest becomes the newest.
    const lookup = await rig.cache().lookup(rig.task('a', 't0', { outputs: ['out0/**'] }), new Map());
    expect(lookup.kind).toBe('hit');
    const result = await command(rig, ['prune', '--max-size', '250KB']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Removed 1 entry');
    expect((await entriesOf(rig)).sort()).toEqual([oldest, newest].sort());
    expect(await entriesOf(rig)).not.toContain(middle);
  });

  it('close() applies the budget from FANOUT_CACHE_MAX_SIZE after a run that wrote entries', async () => {
    await using rig = await cacheRig({ '.gitignore': 'node_modules\nout*\n' });
    await threeEntries(rig);
    const cache = rig.cache({ env: { FANOUT_CACHE_MAX_SIZE: '150KB' } });
    await rig.write({ 'packages/a/out3/blob.bin': 'z'.repeat(100 * 1024) });
    const { fingerprint } = await rig.runThrough(cache, rig.task('a', 't3', { outputs: ['out3/**'] }));
    await cache.close();
    expect(await entriesOf(rig)).toEqual([fingerprint]);
  });

  it('status reports the entries, their size and the budget', async () => {
    await using rig = await cacheRig({ '.gitignore': 'node_modules\nout*\n' });
    await threeEntries(rig);
    const result = await command(rig, ['status'], { FANOUT_CACHE_MAX_SIZE: '2GB' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Task cache: ${path.join(rig.cacheDir, 'tasks-v1')}`);
    expect(result.stdout).toMatch(/Entries: +3 \(30\d\.\d KB\)/);
    expect(result.stdout).toContain('Budget:     2 GB (FANOUT_CACHE_MAX_SIZE)');
  });

  it('clean removes every entry; --cache-dir points elsewhere', async () => {
    await using rig = await cacheRig({ '.gitignore': 'node_modules\nout*\n' });
    await threeEntries(rig);
    const elsewhere = await command(rig, ['clean', '--cache-dir', path.join(rig.root, 'nowhere')]);
    expect(elsewhere.stdout).toContain('Removed 0 entries');
    expect(await entriesOf(rig)).toHaveLength(3);
    const result = await command(rig, ['clean']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Removed 3 entries');
    expect(await entriesOf(rig)).toEqual([]);
  });

  it.each([
    [['prune', '--max-size', 'lots']],
    [['prune', '--max-size']],
    [['status', '--max-size', '1GB']],
    [['explode']],
    [[]],
  ])('exits 2 on bad usage: %j', async (argv) => {
    await using rig = await cacheRig();
    const result = await command(rig, argv);
    expect(result.code).toBe(2);
    expect(result.stderr).not.toBe('');
  });

  it('parses sizes with binary units and names the option in the error', () => {
    expect(parseSize('--max-size', '2GB')).toBe(2 * 1024 ** 3);
    expect(parseSize('--max-size', '1.5m')).toBe(1.5 * 1024 ** 2);
    expect(parseSize('--max-size', '1048576')).toBe(1048576);
    expect(parseSize('--max-size', '10 KiB')).toBe(10240);
    const error = (() => {
      try {
        parseSize('--max-size', '2 parsecs');
      } catch (caught) {
        return caught;
      }
    })();
    expect((error as RunnerError).code).toBe('ERR_RUNNER_USAGE');
    expect((error as RunnerError).message).toBe('Expected `--max-size` to be a size such as `500MB` or `2GB`, got `2 parsecs`');
  });

  it('warns once and runs uncached when the cache dir cannot be written', async () => {
    await using rig = await cacheRig({ '.gitignore': 'node_modules\n' });
    // Root ignores permission bits, so block the folder with a file where a folder is needed.
    const blocker = path.join(rig.root, 'blocker');
    await writeFile(blocker, 'not a folder');
    const cache = rig.cache({ cacheDir: path.join(blocker, 'cache') });
    const first = await rig.runThrough(cache, rig.task('a', 'build'));
    const second = await rig.runThrough(cache, rig.task('a', 'test'));
    expect([first.kind, second.kind]).toEqual(['miss', 'miss']);
    expect(rig.warnings).toHaveLength(1);
    expect(rig.warnings[0]?.code).toBe('ERR_RUNNER_CACHE');
    expect(rig.warnings[0]?.message).toContain("can't be written (ENOTDIR)");
    expect(await cache.close()).toEqual({ entriesWritten: 0, bytesWritten: 0 });
  });
});
