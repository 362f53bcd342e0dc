import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { fixtureRepo } from './rig/fixture-repo.js';
import { processGone, threePackages } from './runner-fixtures.js';

describe('fanout run when tasks fail', () => {
  it('exits 1, skips what was not started and prints the failed log again at the end', async () => {
    await using repo = await fixtureRepo(threePackages({ lib: { build: 'echo lib is broken; exit 1' } }));
    const result = await repo.fanout(['run', 'build', 'lint', '--no-cache', '--concurrency', '1', '--summary', 'summary.json']);
    expect(result.code).toBe(1);
    expect(result.stdout.match(/^── @fx\/lib#build · PoolWorker-\d+ · pid \d+ · ✗ .*\(exit 1\)\nlib is broken$/gm)).toHaveLength(2);
    expect(result.stdout).toMatch(/\n\n── 1 failed task \(output again, in full\) ──\n── @fx\/lib#build /);
    expect(result.stdout).toMatch(/^Failed {4}@fx\/lib#build \(exit 1\)$/m);
    const summary = JSON.parse(await repo.read('summary.json'));
    expect(summary.counts).toMatchObject({ total: 6, failed: 1, success: 0, skipped: 5 });
    const skipped = Object.fromEntries(summary.tasks.map((task: { id: string; skipReason?: string }) => [task.id, task.skipReason]));
    expect(skipped['@fx/ui#build']).toBe('dependency-failed');
    expect(skipped['@fx/lib#lint']).toBe('run-aborted');
  });

  it('with --continue runs everything whose dependencies succeeded', async () => {
    await using repo = await fixtureRepo(threePackages({ lib: { build: 'exit 1' } }));
    const result = await repo.fanout(['run', 'build', 'lint', '--no-cache', '--continue', '--summary', 'summary.json']);
    expect(result.code).toBe(1);
    const summary = JSON.parse(await repo.read('summary.json'));
    const status = Object.fromEntries(summary.tasks.map((task: { id: string; status: string }) => [task.id, task.status]));
    expect(status).toEqual({
      '@fx/lib#build': 'failed',
      '@fx/ui#build': 'skipped',
      '@fx/app#build': 'skipped',
      '@fx/lib#lint': 'success',
      '@fx/ui#lint': 'success',
      '@fx/app#lint': 'success',
    });
  });

  it('retries a failed task, reports it flaky when it then passes, and shows the failed try in every report', async () => {
    await using repo = await fixtureRepo(
      threePackages({
        lib: { test: 'if [ -f .tried ]; then echo passed; else touch .tried; echo first try fails; exit 1; fi' },
        root: { 'fanout.json': { tasks: { test: { retries: 1 } } } },
      }),
    );
    const result = await repo.fanout(['run', 'test', '--filter', '@fx/lib', '--no-cache', '--summary', 'summary.json', '--profile', 'trace.json']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('(flaky: passed on attempt 2; attempt 1 exit 1)');
    expect(result.stdout).toMatch(/^Flaky {5}@fx\/lib#test passed on attempt 2; attempt 1 exit 1$/m);
    const summary = JSON.parse(await repo.read('summary.json'));
    expect(summary.counts.flaky).toBe(1);
    const task = summary.tasks[0];
    expect(task).toMatchObject({ status: 'success', flaky: true, attempts: 2, exitCode: 0 });
    expect(task.failedAttempts).toHaveLength(1);
    const [failed] = task.failedAttempts;
    expect(failed).toMatchObject({ exitCode: 1, signal: null, timedOut: false, worker: expect.stringMatching(/^PoolWorker-\d+$/) });
    expect(failed.pid).toEqual(expect.any(Number));
    expect(failed.startTime).toBe(task.startTime);
    expect(failed.startTime).toBeLessThanOrEqual(failed.endTime);
    expect(failed.endTime).toBeLessThanOrEqual(task.lastAttemptStartTime);
    expect(task.lastAttemptStartTime).toBeLessThanOrEqual(task.endTime);
    expect(failed.durationMs).toBe(failed.endTime - failed.startTime);

    const log = await repo.read(task.logFile.slice(repo.root.length + 1));
    expect(log).toBe('first try fails\n── attempt 2 of 2 ──\npassed\n');

    const trace = JSON.parse(await repo.read('trace.json'));
    const slices = trace.traceEvents.filter((event: { ph: string }) => event.ph === 'X');
    expect(slices.map((event: { name: string }) => event.name)).toEqual(['@fx/lib#test (attempt 1, failed)', '@fx/lib#test']);
    expect(slices[0]).toMatchObject({ pid: failed.pid, ts: (failed.startTime - summary.startTime) * 1000, args: { exitCode: 1 } });
    expect(slices[0].ts + slices[0].dur).toBeLessThanOrEqual(slices[1].ts);
    expect(slices[1].ts).toBe((task.lastAttemptStartTime - summary.startTime) * 1000);
    expect(slices[1].pid).toBe(task.pid);
  });

  it('kills a timed-out task with the grandchild it spawned', async () => {
    await using repo = await fixtureRepo(
      threePackages({
        lib: { build: 'sleep 30 & echo $! > ../../grandchild.pid; wait' },
        root: { 'fanout.json': { tasks: { build: { timeout: 1000 } } } },
      }),
    );
    const result = await repo.fanout(['run', 'build', '--filter', '@fx/lib', '--no-cache', '--summary', 'summary.json']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('(timed out)');
    const summary = JSON.parse(await repo.read('summary.json'));
    expect(summary.tasks[0]).toMatchObject({ status: 'failed', timedOut: true });
    const grandchild = Number(await readFile(repo.path('grandchild.pid'), 'utf8'));
    expect(grandchild).toBeGreaterThan(0);
    expect(await processGone(grandchild)).toBe(true);
  });
});
