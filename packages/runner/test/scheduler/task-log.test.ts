import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileTaskLogs, LOG_TAIL_LINES, pruneRunLogs, sanitizeTaskId } from '../../src/scheduler/task-log.js';
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
    expect((await readdir(dir)).sort()).toEqual(['2026-01-02', '2026-01-03']);
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
    expect(await readdir(dir)).toEqual(['2026-01-02']);
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
