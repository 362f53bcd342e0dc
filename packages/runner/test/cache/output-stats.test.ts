import { lstatSync, type Stats } from 'node:fs';
import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutputStats } from '../../src/cache/store/output-stats.js';
import { cacheRig } from './cache-rig.js';

const SHA = 'a'.repeat(64);
/** Later than the racy window after any file written by the test. */
const later = () => Date.now() + 5_000;

describe('OutputStats', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'fanout-output-stats-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('vouches for a file whose stats are unchanged since they were recorded, and only for the recorded content', async () => {
    const file = path.join(dir, 'out.js');
    await writeFile(file, 'built');
    const memo = OutputStats.load(path.join(dir, 'memo.json'));
    expect(memo.vouchesFor(file, lstatSync(file), SHA)).toBe(false);
    memo.record(file, lstatSync(file), SHA, later());
    expect(memo.vouchesFor(file, lstatSync(file), SHA)).toBe(true);
    expect(memo.vouchesFor(file, lstatSync(file), 'b'.repeat(64))).toBe(false);
  });

  it('stops vouching once the file is rewritten, even with the same size and mtime put back', async () => {
    const file = path.join(dir, 'out.js');
    await writeFile(file, 'built');
    const memo = OutputStats.load(path.join(dir, 'memo.json'));
    const before = lstatSync(file);
    memo.record(file, before, SHA, later());
    await writeFile(file, 'BUILT');
    const after = lstatSync(file);
    expect(after.size).toBe(before.size);
    // As if the rewrite had kept the mtime to the nanosecond (a tool restoring times, a coarse clock): the ctime tells.
    const sameMtime: Stats = { ...after, mtimeMs: before.mtimeMs };
    expect(memo.vouchesFor(file, sameMtime, SHA)).toBe(false);
  });

  it('does not record a file written within the racy window, and drops what it knew of it', async () => {
    const file = path.join(dir, 'out.js');
    await writeFile(file, 'built');
    const memo = OutputStats.load(path.join(dir, 'memo.json'));
    memo.record(file, lstatSync(file), SHA, later());
    memo.record(file, lstatSync(file), SHA);
    expect(memo.vouchesFor(file, lstatSync(file), SHA)).toBe(false);
  });

  it('survives a save and a load, and reads a damaged memo as empty', async () => {
    const file = path.join(dir, 'out.js');
    const memoFile = path.join(dir, 'state', 'memo.json');
    await writeFile(file, 'built');
    const memo = OutputStats.load(memoFile);
    memo.record(file, lstatSync(file), SHA, later());
    await memo.save();
    expect(OutputStats.load(memoFile).vouchesFor(file, lstatSync(file), SHA)).toBe(true);
    await writeFile(memoFile, '{"version":1,"files":{"');
    expect(OutputStats.load(memoFile).vouchesFor(file, lstatSync(file), SHA)).toBe(false);
    await writeFile(memoFile, JSON.stringify({ version: 1, files: { [file]: { sha256: SHA, size: 'five' } } }));
    expect(OutputStats.load(memoFile).vouchesFor(file, lstatSync(file), SHA)).toBe(false);
  });
});

describe('outputs in place on a hit', () => {
  it('restores an output changed after a hit verified it in place, though its size and mtime are as recorded', async () => {
    await using rig = await cacheRig({ '.gitignore': 'node_modules\ndist\n', 'packages/a/src/index.js': 'source\n' });
    const task = rig.task('a', 'build', { outputs: ['dist/**'] });
    const out = path.join(task.dir, 'dist', 'out.js');
    await rig.write({ 'packages/a/dist/out.js': 'fresh' });
    await rig.runThrough(rig.cache(), task);
    // Past the racy window, a verified output is remembered by its stats.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const verify = rig.cache();
    const first = await verify.lookup(task, new Map());
    if (first.kind !== 'hit') throw new Error('expected a hit');
    await first.restore();
    await verify.close();
    const memo = JSON.parse(await readFile(path.join(rig.cacheDir, 'tasks-v1', 'output-stats.json'), 'utf8')) as { files: Record<string, unknown> };
    expect(Object.keys(memo.files)).toContain(out);

    const before = lstatSync(out);
    await writeFile(out, 'FRESH');
    await utimes(out, before.atime, before.mtime);
    const second = await rig.cache().lookup(task, new Map());
    if (second.kind !== 'hit') throw new Error('expected a hit');
    await second.restore();
    expect(await readFile(out, 'utf8')).toBe('fresh');
  });
});
