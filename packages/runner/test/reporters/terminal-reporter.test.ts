import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createColors, shouldUseColor } from '../../src/reporters/colors.js';
import { createTerminalReporter, type OutputMode } from '../../src/reporters/terminal-reporter.js';
import { result, sampleRun, summary, T0, task } from './events.js';
import { MemoryStream } from './memory-stream.js';
import type { TaskId } from '../../src/model/task-id.js';
import type { FailedAttempt, TaskResult } from '../../src/model/task-result.js';

async function render(mode: OutputMode, options: { explain?: boolean } = {}) {
  const stdout = new MemoryStream();
  const reporter = createTerminalReporter({ mode, stdout, colors: createColors(false), ...options });
  for (const event of sampleRun().events) reporter.onEvent(event);
  await reporter.close?.();
  return stdout.text;
}

/** One failed attempt, `offset` ms into the run, on another worker than the result's. */
function attemptAt(offset: number): FailedAttempt {
  const startTime = T0 + offset;
  return { startTime, endTime: startTime + 100, durationMs: 100, exitCode: 1, signal: null, timedOut: false, worker: 'PoolWorker-2', pid: 48214 };
}

/** Passed on its third attempt: the first exited 1, the second timed out. */
function flakyResult(id: string): TaskResult {
  return result(id, {
    flaky: true,
    attempts: 3,
    failedAttempts: [attemptAt(0), { ...attemptAt(200), exitCode: null, signal: 'SIGTERM', timedOut: true }],
  });
}

const END_REPORT = `
Tasks     4 total · 2 succeeded · 1 failed · 1 skipped · 1 from cache
Failed    ui#test (exit 1)
Skipped   app#build (dependency failed)
Time      wall 3.00s · tasks 5.00s · parallelism 1.67× on 2 slots · saved 2.00s against one by one
Critical  ui#build → ui#test 2.50s
          lower bound 2.50s (critical path); the run took 1.20× of it
Idle      1.00s of core time unused
Slowest   ui#test 1.50s · ui#build 1.00s
`;

/** What grouped, stream and new-only modes print after the last task: the warning, the failure again, the report. */
const REPEATED_FAILURE = `warning ERR_RUNNER_CACHE: Could not store ui#build
  hint: Check the disk.

── 1 failed task (output again, in full) ──
── ui#test · PoolWorker-2 · pid 48214 · ✗ 1.50s (exit 1)
1 test failed
${END_REPORT}`;

describe('terminal reporter', () => {
  it('prints grouped blocks headed by id, worker and pid, failures again in full, then the report', async () => {
    expect(await render('grouped')).toBe(
      `── ui#build · PoolWorker-1 · pid 48213 · ✓ 1.00s
compiling
done
── lib#lint · cache hit, replayed · ✓ 0.01s
clean
── ui#test · PoolWorker-2 · pid 48214 · ✗ 1.50s (exit 1)
1 test failed
${REPEATED_FAILURE}`,
    );
  });

  it('streams lines prefixed with the task id and closes each task with its header', async () => {
    expect(await render('stream')).toBe(
      `ui#build  │ compiling
ui#build  │ done
── ui#build · PoolWorker-1 · pid 48213 · ✓ 1.00s
lib#lint  │ clean
── lib#lint · cache hit, replayed · ✓ 0.01s
ui#test   │ 1 test failed
── ui#test · PoolWorker-2 · pid 48214 · ✗ 1.50s (exit 1)
${REPEATED_FAILURE}`,
    );
  });

  it('prints a cache hit as its header alone in new-only mode, and what ran in full', async () => {
    expect(await render('new-only')).toBe(
      `── ui#build · PoolWorker-1 · pid 48213 · ✓ 1.00s
compiling
done
── lib#lint · cache hit · ✓ 0.01s
── ui#test · PoolWorker-2 · pid 48214 · ✗ 1.50s (exit 1)
1 test failed
${REPEATED_FAILURE}`,
    );
  });

  it('prints only failures and the report in errors-only mode', async () => {
    expect(await render('errors-only')).toBe(
      `warning ERR_RUNNER_CACHE: Could not store ui#build
  hint: Check the disk.

── 1 failed task (output in full) ──
── ui#test · PoolWorker-2 · pid 48214 · ✗ 1.50s (exit 1)
1 test failed
${END_REPORT}`,
    );
  });

  it('re-prints a failed task from its full log file rather than the tail', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'fanout-reporter-'));
    try {
      const logFile = path.join(dir, 'ui#test.log');
      await writeFile(logFile, 'line 1\nline 2\nline 3\n');
      const failed = result('ui#test', { status: 'failed', exitCode: 2, logFile, logTail: ['line 3'] });
      const stdout = new MemoryStream();
      const reporter = createTerminalReporter({ mode: 'errors-only', stdout, colors: createColors(false) });
      reporter.onEvent({ type: 'run-started', runId: 'r', root: '/repo', tasks: [task('ui#test')], concurrency: 1, time: T0 });
      reporter.onEvent({ type: 'task-finished', result: failed });
      reporter.onEvent({ type: 'run-finished', summary: summary([failed]) });
      await reporter.close?.();
      expect(stdout.text).toContain(`── ui#test · PoolWorker-1 · pid 48213 · ✗ 1.00s (exit 2)\nline 1\nline 2\nline 3\n\nTasks`);
      expect(stdout.text).toContain(`Logs      ${dir}\n`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads a grouped block back from the log file once the task printed more than it keeps in memory', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'fanout-reporter-'));
    try {
      const logFile = path.join(dir, 'big.log');
      const lines = Array.from({ length: 100 }, (_, i) => `line ${i}`);
      await writeFile(logFile, `${lines.join('\n')}\n`);
      const stdout = new MemoryStream();
      const reporter = createTerminalReporter({ mode: 'grouped', stdout, colors: createColors(false), bufferBytes: 64 });
      for (const line of lines) {
        reporter.onEvent({ type: 'task-output', id: task('ui#build').id, stream: 'stdout', line, time: T0, replayed: false });
      }
      reporter.onEvent({ type: 'task-finished', result: result('ui#build', { logFile }) });
      reporter.onEvent({ type: 'task-finished', result: result('ui#test', { logTail: ['after'] }) });
      await reporter.close?.();
      expect(stdout.text).toBe(
        `── ui#build · PoolWorker-1 · pid 48213 · ✓ 1.00s\n${lines.join('\n')}\n── ui#test · PoolWorker-1 · pid 48213 · ✓ 1.00s\n`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('explains cache misses when asked', async () => {
    const stdout = new MemoryStream();
    const reporter = createTerminalReporter({ mode: 'grouped', stdout, colors: createColors(false), explain: true });
    reporter.onEvent({ type: 'task-finished', result: result('ui#build', { cache: 'miss', cacheMissReasons: ['changed: src/a.ts'] }) });
    await reporter.close?.();
    expect(stdout.text).toBe('── ui#build · PoolWorker-1 · pid 48213 · ✓ 1.00s\n   cache miss: changed: src/a.ts\n');
  });

  it('marks flaky and timed-out tasks in the header, a flaky one with how each failed try ended', async () => {
    const stdout = new MemoryStream();
    const reporter = createTerminalReporter({ mode: 'stream', stdout, colors: createColors(false) });
    reporter.onEvent({ type: 'task-finished', result: flakyResult('a#test') });
    reporter.onEvent({ type: 'task-finished', result: result('b#test', { status: 'failed', exitCode: null, signal: 'SIGTERM', timedOut: true }) });
    await reporter.close?.();
    expect(stdout.text).toBe(
      '── a#test · PoolWorker-1 · pid 48213 · ✓ 1.00s (flaky: passed on attempt 3; attempt 1 exit 1, attempt 2 timed out)\n' +
        '── b#test · PoolWorker-1 · pid 48213 · ✗ 1.00s (timed out)\n',
    );
  });

  it('gives each flaky task a line of the end report saying how each failed try ended', async () => {
    const stdout = new MemoryStream();
    const reporter = createTerminalReporter({ mode: 'errors-only', stdout, colors: createColors(false) });
    const tasks = [
      flakyResult('a#test'),
      result('b#test', {
        flaky: true,
        attempts: 2,
        failedAttempts: [{ ...attemptAt(0), exitCode: null, signal: 'SIGKILL' }],
      }),
      result('c#test', {}),
    ];
    reporter.onEvent({ type: 'run-finished', summary: summary(tasks, { counts: { total: 3, success: 3, failed: 0, skipped: 0, cached: 0, flaky: 2 } }) });
    await reporter.close?.();
    const report = stdout.text.split('\n');
    expect(report.slice(1, 4)).toEqual([
      'Tasks     3 total · 3 succeeded · 2 flaky',
      'Flaky     a#test passed on attempt 3; attempt 1 exit 1, attempt 2 timed out',
      '          b#test passed on attempt 2; attempt 1 killed by SIGKILL',
    ]);
    expect(report[4]).toMatch(/^Time {6}wall/);
  });

  it('names each failed task in the end report with how it ended, and counts those past the eighth', async () => {
    const stdout = new MemoryStream();
    const reporter = createTerminalReporter({ mode: 'errors-only', stdout, colors: createColors(false) });
    const failed = [
      result('a#test', { status: 'failed', exitCode: 3, attempts: 2, failedAttempts: [attemptAt(0)] }),
      result('b#test', { status: 'failed', exitCode: null, signal: 'SIGTERM', timedOut: true }),
      result('c#test', { status: 'failed', exitCode: null, signal: 'SIGKILL' }),
      ...Array.from({ length: 7 }, (_, index) => result(`p${index}#lint`, { status: 'failed', exitCode: 1 })),
    ];
    const counts = { total: 10, success: 0, failed: 10, skipped: 0, cached: 0, flaky: 0 };
    for (const task of failed) reporter.onEvent({ type: 'task-finished', result: task });
    reporter.onEvent({ type: 'run-finished', summary: summary(failed, { counts }) });
    await reporter.close?.();
    const report = stdout.text.slice(stdout.text.indexOf('\nTasks')).split('\n');
    expect(report.slice(1, 12)).toEqual([
      'Tasks     10 total · 10 failed',
      'Failed    a#test (exit 3, 2 attempts)',
      '          b#test (timed out)',
      '          c#test (killed by SIGKILL)',
      ...Array.from({ length: 5 }, (_, index) => `          p${index}#lint (exit 1)`),
      '          and 2 more',
      expect.stringMatching(/^Time {6}wall/),
    ]);
    expect(stdout.text).toMatch(/^\n── 10 failed tasks \(output in full\) ──\n── a#test · PoolWorker-1 · pid 48213 · ✗ 1\.00s \(exit 3, 2 attempts\)\n/);
  });

  it('writes the blocks of tasks that finish in one turn at once, keeping warnings on stderr in their place', async () => {
    const writes: string[] = [];
    const recording = (name: string) =>
      new (class extends MemoryStream {
        override _write(chunk: Buffer | string, encoding: BufferEncoding, callback: () => void): void {
          writes.push(`${name}: ${chunk.toString()}`);
          super._write(chunk, encoding, callback);
        }
      })();
    const reporter = createTerminalReporter({ mode: 'grouped', stdout: recording('out'), stderr: recording('err'), colors: createColors(false) });
    const hit = (id: string) => result(id, { cache: 'hit', worker: null, pid: null, durationMs: 10, logTail: [] });
    reporter.onEvent({ type: 'run-started', runId: 'run-1', root: '/repo', tasks: ['a#build', 'b#build', 'c#build'].map(task), concurrency: 2, time: T0 });
    reporter.onEvent({ type: 'task-output', id: 'a#build' as TaskId, stream: 'stdout', line: 'built a', time: T0, replayed: true });
    reporter.onEvent({ type: 'task-finished', result: hit('a#build') });
    reporter.onEvent({ type: 'task-finished', result: hit('b#build') });
    reporter.onEvent({ type: 'warning', code: 'ERR_RUNNER_CACHE', message: 'Could not store c#build' });
    reporter.onEvent({ type: 'task-finished', result: hit('c#build') });
    const first = 'out: ── a#build · cache hit, replayed · ✓ 0.01s\nbuilt a\n── b#build · cache hit, replayed · ✓ 0.01s\n';
    const warning = 'err: warning ERR_RUNNER_CACHE: Could not store c#build\n';
    // Text for the other stream sends what was batched first; the rest waits for the end of the turn.
    expect(writes).toEqual([first, warning]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual([first, warning, 'out: ── c#build · cache hit, replayed · ✓ 0.01s\n']);
    await reporter.close?.();
    expect(writes).toHaveLength(3);
  });

  it('writes no control codes without a terminal', async () => {
    expect(await render('grouped')).not.toMatch(/\x1b/);
  });

  it('draws a live area below the logs on a terminal and lifts it before every write', async () => {
    const stdout = new MemoryStream({ isTTY: true });
    let now = T0;
    const reporter = createTerminalReporter({ mode: 'stream', stdout, colors: createColors(false), now: () => now, refreshMs: 60_000, redrawDelayMs: 0 });
    reporter.onEvent({ type: 'run-started', runId: 'r', root: '/repo', tasks: [task('a#build'), task('b#build')], concurrency: 2, time: T0 });
    reporter.onEvent({ type: 'task-started', id: task('a#build').id, worker: 'PoolWorker-1', pid: 7, attempt: 1, time: T0 });
    now = T0 + 1500;
    reporter.onEvent({ type: 'task-output', id: task('a#build').id, stream: 'stdout', line: 'hello', time: now, replayed: false });
    await reporter.close?.();
    expect(stdout.text).toBe(
      ' ● a#build 0.00s · PoolWorker-1\n 0/2 done · 1 running\n' +
        '\x1b[2F\x1b[Ja#build │ hello\n ● a#build 1.50s · PoolWorker-1\n 0/2 done · 1 running\n' +
        '\x1b[2F\x1b[J',
    );
  });
});

describe('persistent tasks', () => {
  it.each(['grouped', 'new-only'] as const)('in %s mode, streams a persistent task prefixed as it prints, then heads it once', async (mode) => {
    const stdout = new MemoryStream();
    const reporter = createTerminalReporter({ mode, stdout, colors: createColors(false) });
    const dev = { ...task('web#dev'), config: { persistent: true } };
    reporter.onEvent({ type: 'run-started', runId: 'r', root: '/repo', tasks: [dev, task('web#build')], concurrency: 3, time: T0 });
    reporter.onEvent({ type: 'task-started', id: dev.id, worker: 'PoolWorker-1', pid: 7, attempt: 1, time: T0 });
    reporter.onEvent({ type: 'task-output', id: dev.id, stream: 'stdout', line: 'listening on :3000', time: T0, replayed: false });
    reporter.onEvent({ type: 'task-output', id: task('web#build').id, stream: 'stdout', line: 'built', time: T0, replayed: false });
    // Printed before the dev server stops (it never does on its own); the build's line waits for its block.
    await new Promise((resolve) => setImmediate(resolve));
    expect(stdout.text).toBe('web#dev   │ listening on :3000\n');
    reporter.onEvent({ type: 'task-finished', result: result('web#dev', { durationMs: 5000 }) });
    await reporter.close?.();
    expect(stdout.text.split('\n').filter((line) => line.includes('listening'))).toHaveLength(1);
    expect(stdout.text).toMatch(/\n── web#dev · PoolWorker-1 · pid \d+ · ✓ 5\.00s\n/);
  });
});

describe('live area under a burst of output', () => {
  it('lifts the area once for a burst of lines and redraws it after a short pause', async () => {
    const stdout = new MemoryStream({ isTTY: true });
    const reporter = createTerminalReporter({ mode: 'stream', stdout, colors: createColors(false), now: () => T0, refreshMs: 60_000, redrawDelayMs: 20 });
    reporter.onEvent({ type: 'run-started', runId: 'r', root: '/repo', tasks: [task('a#build')], concurrency: 1, time: T0 });
    reporter.onEvent({ type: 'task-started', id: task('a#build').id, worker: 'PoolWorker-1', pid: 7, attempt: 1, time: T0 });
    for (const line of ['one', 'two', 'three']) {
      reporter.onEvent({ type: 'task-output', id: task('a#build').id, stream: 'stdout', line, time: T0, replayed: false });
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    await reporter.close?.();
    const area = ' ● a#build 0.00s · PoolWorker-1\n 0/1 done · 1 running\n';
    expect(stdout.text).toBe(
      `${area}\x1b[2F\x1b[Ja#build │ one\na#build │ two\na#build │ three\n${area}\x1b[2F\x1b[J`,
    );
  });
});

describe('colors', () => {
  const tty = new MemoryStream({ isTTY: true });
  const pipe = new MemoryStream();

  it('follows the terminal unless NO_COLOR or FORCE_COLOR say otherwise', () => {
    expect(shouldUseColor(tty, {})).toBe(true);
    expect(shouldUseColor(pipe, {})).toBe(false);
    expect(shouldUseColor(tty, { NO_COLOR: '1' })).toBe(false);
    expect(shouldUseColor(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(shouldUseColor(tty, { FORCE_COLOR: '0' })).toBe(false);
  });

  it('colours text only when enabled', () => {
    expect(createColors(true).red('x')).toBe('\x1b[31mx\x1b[39m');
    expect(createColors(false).red('x')).toBe('x');
  });
});
