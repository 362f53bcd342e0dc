import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actionDist } from './action-harness.js';

// Real processes on a shared 2-core machine: a generous budget, while every child process has its own timeout.
const STEP_BUDGET_MS = 240_000;

const buildScript = path.resolve(import.meta.dirname, '../action/build.mjs');
let outdir: string;

beforeEach(async () => {
  outdir = await mkdtemp(path.join(tmpdir(), 'fanout-action-dist-'));
});
afterEach(async () => {
  await rm(outdir, { recursive: true, force: true });
});

describe('action/dist', { timeout: STEP_BUDGET_MS }, () => {
  it('is what action/build.mjs makes of the current sources (run `pnpm --filter @fanout/action build` and commit)', async () => {
    await promisify(execFile)(process.execPath, [buildScript, outdir], { timeout: 120_000 });
    const built = (await readdir(outdir)).sort();
    expect((await readdir(actionDist)).sort()).toEqual(built);
    expect(built).toEqual(expect.arrayContaining(['main.js', 'post.js', 'pool-worker.cjs', 'script-task.js']));
    for (const file of built) {
      const fresh = await readFile(path.join(outdir, file), 'utf8');
      const committed = await readFile(path.join(actionDist, file), 'utf8');
      expect(committed === fresh, `action/dist/${file} is stale`).toBe(true);
    }
  });
});
