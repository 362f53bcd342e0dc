import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
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
});
