import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileTaskLogs, LOG_TAIL_LINES, pruneRunLogs, RECYCLED_LOGS, sanitizeTaskId } from '../../src/scheduler/task-log.js';
import { graphOf } from './graph-of.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fanout-task-log-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const [ui, other] = [...graphOf({ '@acme/ui#build': [], 'acme/ui#build': [] }).tasks.values()];

describe('task logs', () => {
  it('writes every line to the file and keeps only a bounded tail in memory', async () => {
    const log = fileTaskLogs(dir).open(ui!);
    for (let i = 0; i < 100_000; i++) log.write(`line ${i}`);
    log.close();
    const text = await readFile(log.file!, 'utf8');
    expect(text.split('\n')).toHaveLength(100_001);
    expect(text.endsWith('line 99999\n')).toBe(true);
    expect(log.tail()).toHaveLength(LOG_TAIL_LINES);
    expect(log.tail().at(-1)).toBe('line 99999');
  });

  it('names files after the task id, safely and without collisions', () => {
    expect(sanitizeTaskId('@acme/ui#build')).toBe('acme_ui#build');
    const logs = fileTaskLogs(dir);
    const a = logs.open(ui!);
    const b = logs.open(other!);
    a.close();
    b.close();
    expect([path.basename(a.file!), path.basename(b.file!)]).toEqual(['acme_ui#build.log', 'acme_ui#build-2.log']);
  });

  it('keeps only the newest run directories', async () => {
    for (const run of ['2026-01-01', '2026-01-03', '2026-01-02']) await mkdir(path.join(dir, run));
    await pruneRunLogs(dir, 2);
    expect((await readdir(dir)).filter((name) => name !== RECYCLED_LOGS).sort()).toEqual(['2026-01-02', '2026-01-03']);
  });

  it('removes old run directories with their logs, nested folders and a stray file among them', async () => {
    const old = fileTaskLogs(path.join(dir, '2026-01-01'));
    old.open(ui!).close();
    old.open(other!).close();
    await mkdir(path.join(dir, '2026-01-01', 'nested', 'deeper'), { recursive: true });
    await writeFile(path.join(dir, '2026-01-01', 'nested', 'deeper', 'x.log'), 'x');
    await writeFile(path.join(dir, '.DS_Store'), '');
    fileTaskLogs(path.join(dir, '2026-01-02')).open(ui!).close();
    await pruneRunLogs(dir, 1);
    expect((await readdir(dir)).sort()).toEqual([RECYCLED_LOGS, '2026-01-02']);
    // The old run waits there, whole, for a later run to take its files; the stray file was removed.
    expect(await readdir(path.join(dir, RECYCLED_LOGS))).toEqual(['2026-01-01']);
  });

  it("reuses a pruned run's log files for a later run's logs: new names, emptied, no new inodes", async () => {
    const old = fileTaskLogs(path.join(dir, '2026-01-01'));
    const oldLogs = [old.open(ui!), old.open(other!)];
    for (const log of oldLogs) {
      log.write('output of an old run');
      log.close();
    }
    const oldInodes = await Promise.all(oldLogs.map(async (log) => (await stat(log.file!)).ino));
    await pruneRunLogs(dir, 0);

    const logs = fileTaskLogs(path.join(dir, '2026-01-02'));
    const reused = logs.open(ui!);
    reused.write('new');
    reused.close();
    const second = logs.open(other!);
    second.close();
    const third = logs.open(graphOf({ 'x#build': [] }).tasks.values().next().value!);
    third.close();
    expect(path.basename(reused.file!)).toBe('acme_ui#build.log');
    expect(await readFile(reused.file!, 'utf8')).toBe('new\n');
    expect(await readFile(second.file!, 'utf8')).toBe('');
    expect(oldInodes).toContain((await stat(reused.file!)).ino);
    expect(oldInodes).toContain((await stat(second.file!)).ino);
    // The recycled run ran dry and went: the third log is a new file.
    expect(await readdir(path.join(dir, RECYCLED_LOGS))).toEqual([]);
    expect(oldInodes).not.toContain((await stat(third.file!)).ino);
    expect(await readFile(third.file!, 'utf8')).toBe('');
  });

  it("never reuses a replayed log: it is a cache entry's stored log too, and must keep its content", async () => {
    const stored = path.join(dir, 'stored.txt');
    await writeFile(stored, 'cached output\n');
    const logsDir = path.join(dir, 'logs');
    fileTaskLogs(path.join(logsDir, '2026-01-01')).replay(ui!, stored).close();
    await pruneRunLogs(logsDir, 0);
    const log = fileTaskLogs(path.join(logsDir, '2026-01-02')).open(ui!);
    log.close();
    expect(await readFile(stored, 'utf8')).toBe('cached output\n');
    expect((await stat(log.file!)).ino).not.toBe((await stat(stored)).ino);
    expect((await stat(stored)).nlink).toBe(1);
  });

  it('keeps the recycle folder out of the runs it counts, and at most two runs in it', async () => {
    for (const run of ['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04']) fileTaskLogs(path.join(dir, run)).open(ui!).close();
    await pruneRunLogs(dir, 3);
    await pruneRunLogs(dir, 3);
    expect((await readdir(dir)).sort()).toEqual([RECYCLED_LOGS, '2026-01-02', '2026-01-03', '2026-01-04']);
    await pruneRunLogs(dir, 1);
    expect((await readdir(dir)).sort()).toEqual([RECYCLED_LOGS, '2026-01-04']);
    expect((await readdir(path.join(dir, RECYCLED_LOGS))).sort()).toEqual(['2026-01-02', '2026-01-03']);
  });

  it('makes the run directory on first use, and again if it was removed meanwhile', async () => {
    const runDir = path.join(dir, 'run');
    const logs = fileTaskLogs(runDir);
    logs.open(ui!).close();
    await rm(runDir, { recursive: true });
    const log = logs.open(other!);
    log.write('again');
    log.close();
    expect(await readFile(log.file!, 'utf8')).toBe('again\n');
  });

  it('replays a stored log by linking it in: the same file, and written lines only feed the tail', async () => {
    const stored = path.join(dir, 'stored.txt');
    await writeFile(stored, 'one\ntwo\n');
    const log = fileTaskLogs(path.join(dir, 'run')).replay(ui!, stored);
    for (const line of ['one', 'two']) log.write(line);
    log.close();
    expect(path.basename(log.file!)).toBe('acme_ui#build.log');
    expect(await readFile(log.file!, 'utf8')).toBe('one\ntwo\n');
    // A new name for the stored file, not a copy (a new inode costs a fully cached run a file system write per task).
    expect((await stat(log.file!)).ino).toBe((await stat(stored)).ino);
    expect(log.tail()).toEqual(['one', 'two']);
  });

  it('replays into a file of its own when the source cannot be linked', async () => {
    // A folder can't be hard-linked: the log is written from the replayed lines instead, as for a task that runs.
    const unlinkable = path.join(dir, 'a-folder');
    await mkdir(unlinkable);
    const logs = fileTaskLogs(path.join(dir, 'run'));
    const log = logs.replay(ui!, unlinkable);
    log.write('replayed');
    log.close();
    expect(await readFile(log.file!, 'utf8')).toBe('replayed\n');
    expect(log.tail()).toEqual(['replayed']);
    // Later replays don't try linking again, and still get their lines.
    const stored = path.join(dir, 'stored.txt');
    await writeFile(stored, 'x\n');
    const next = logs.replay(other!, stored);
    next.write('x');
    next.close();
    expect((await stat(next.file!)).ino).not.toBe((await stat(stored)).ino);
    expect(await readFile(next.file!, 'utf8')).toBe('x\n');
  });
});
