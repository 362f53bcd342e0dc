import { readdirSync, readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { run, RunnerError, type RunEvent } from '@fanout/runner';
import { describe, expect, it } from 'vitest';
import { fixtureRepo } from './rig/fixture-repo.js';
import { processGone, threePackages } from './runner-fixtures.js';

/** PIDs of this process's children that are pool workers (Linux /proc; empty elsewhere). */
function poolWorkerChildren(): number[] {
  if (process.platform !== 'linux') return [];
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('pool-worker')) pids.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}

describe('run() from @fanout/runner', () => {
  it('reports every event to the given reporters, in order, and resolves with the summary', async () => {
    await using repo = await fixtureRepo(threePackages());
    const events: RunEvent[] = [];
    const summary = await run({
      cwd: repo.root,
      scripts: ['build'],
      cache: false,
      concurrency: 2,
      output: 'none',
      reporters: [{ onEvent: (event) => events.push(event) }],
    });
    expect(summary.exitCode).toBe(0);
    expect(events[0]?.type).toBe('run-started');
    expect(events.at(-1)).toEqual({ type: 'run-finished', summary });
    const started = events.filter((event) => event.type === 'task-started');
    expect(started.map((event) => event.id).sort()).toEqual(['@fx/app#build', '@fx/lib#build', '@fx/ui#build']);
    expect(started.every((event) => event.pid > 0 && /^PoolWorker-\d+$/.test(event.worker))).toBe(true);
    const output = events.flatMap((event) => (event.type === 'task-output' ? [`${event.id}: ${event.line}`] : []));
    expect(output).toContain('@fx/lib#build: built lib');
    expect(summary.workers.length).toBeGreaterThan(0);
  });

  it('rejects with a RunnerError before running anything on a usage error', async () => {
    await using repo = await fixtureRepo(threePackages());
    const error = await run({ cwd: repo.root, scripts: ['build'], concurrency: '0%', output: 'none' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RunnerError);
    expect((error as RunnerError).code).toBe('ERR_RUNNER_USAGE');
  });

  it('with the cache off, a planning error leaves none of the workers it started early running', async () => {
    await using repo = await fixtureRepo(threePackages());
    const before = poolWorkerChildren();
    const error = await run({ cwd: repo.root, scripts: ['no-such-script'], cache: false, concurrency: 2, output: 'none' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RunnerError);
    expect((error as RunnerError).code).toBe('ERR_RUNNER_UNKNOWN_TASK');
    const leftover = poolWorkerChildren().filter((pid) => !before.includes(pid));
    expect(leftover).toEqual([]);
  });

  it('with the cache off, a failure before the first task (a throwing reporter) stops the workers it started early', async () => {
    await using repo = await fixtureRepo(threePackages());
    const before = poolWorkerChildren();
    const reporter = {
      onEvent: (event: RunEvent) => {
        if (event.type === 'run-started') throw new Error('reporter broke');
      },
    };
    const error = await run({ cwd: repo.root, scripts: ['build'], cache: false, concurrency: 2, output: 'none', reporters: [reporter] }).catch(
      (caught: unknown) => caught,
    );
    expect((error as Error).message).toBe('reporter broke');
    expect(poolWorkerChildren().filter((pid) => !before.includes(pid))).toEqual([]);
  });

  it('ends as interrupted with nothing left running when its signal aborts', async () => {
    await using repo = await fixtureRepo(threePackages({ lib: { build: 'echo $$ > ../../script.pid; sleep 30' } }));
    const controller = new AbortController();
    const stdout = new PassThrough();
    stdout.resume();
    const summary = await run({
      cwd: repo.root,
      scripts: ['build'],
      cache: false,
      signal: controller.signal,
      stdout,
      stderr: stdout,
      output: 'grouped',
      reporters: [{ onEvent: (event) => event.type === 'task-started' && setTimeout(() => controller.abort(), 200) }],
    });
    expect(summary).toMatchObject({ interrupted: true, exitCode: 130 });
    expect(summary.counts).toMatchObject({ failed: 1, skipped: 2 });
    expect(await processGone(Number(await repo.read('script.pid')))).toBe(true);
  });
});
