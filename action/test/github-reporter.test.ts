import type { RunEvent, Task, TaskId } from '@fanout/runner';
import { describe, expect, it } from 'vitest';
import { GithubReporter, taskTitle } from '../src/github-reporter.js';
import { runSummary, taskResult } from './synthetic-run.js';

function task(id: string, dir: string): Task {
  const at = id.lastIndexOf('#');
  return { id: id as TaskId, packageName: id.slice(0, at), dir, script: id.slice(at + 1), command: 'x', args: [], dependencies: [], config: {} };
}

function render(events: RunEvent[], options: { maxAnnotations?: number; maxBufferedBytes?: number } = {}) {
  let text = '';
  const reporter = new GithubReporter({ workspace: '/repo', write: (chunk) => (text += chunk), commandToken: 'TOKEN', ...options });
  for (const event of events) reporter.onEvent(event);
  return { text, reporter };
}

const id = (value: string) => value as TaskId;
const out = (task: string, line: string, replayed = false): RunEvent => ({ type: 'task-output', id: id(task), stream: 'stdout', line, time: 0, replayed });

describe('GithubReporter', () => {
  it('prints one group per task when it finishes, titled with worker, pid, mark and duration', () => {
    const lint = taskResult('a#lint', { worker: 'PoolWorker-2', pid: 222, durationMs: 850 });
    const build = taskResult('@acme/b#build', { cache: 'hit', worker: null, pid: null, durationMs: 3410 });
    const skipped = taskResult('c#test', { status: 'skipped', skipReason: 'dependency-failed', worker: null, pid: null });
    const { text } = render([
      { type: 'run-started', runId: 'r', root: '/repo', tasks: [task('a#lint', '/repo/a')], concurrency: 2, time: 0 },
      { type: 'task-started', id: id('a#lint'), worker: 'PoolWorker-2', pid: 222, attempt: 1, time: 0 },
      out('a#lint', 'linting'),
      out('@acme/b#build', 'built', true),
      out('a#lint', 'clean'),
      { type: 'task-finished', result: build },
      { type: 'task-finished', result: lint },
      { type: 'task-finished', result: skipped },
      { type: 'run-finished', summary: runSummary([lint, build, skipped]) },
    ]);
    expect(text).toBe(
      [
        'fanout: 1 task on 2 workers',
        '::group::@acme/b#build · cache hit · ✓ · 3.41s',
        '(output replayed from the cache)',
        'built',
        '::endgroup::',
        '::group::a#lint · PoolWorker-2 · pid 222 · ✓ · 850ms',
        'linting',
        'clean',
        '::endgroup::',
        '○ c#test · skipped (dependency-failed)',
        '',
      ].join('\n'),
    );
  });

  it('titles a flaky task with each failed try, as the terminal does', () => {
    const failedTry = { startTime: 0, endTime: 500, durationMs: 500, signal: null, worker: 'PoolWorker-1', pid: 111 };
    const flaky = taskResult('a#test', {
      attempts: 3,
      flaky: true,
      failedAttempts: [
        { ...failedTry, exitCode: 1, timedOut: false },
        { ...failedTry, exitCode: null, timedOut: true },
      ],
    });
    expect(taskTitle(flaky)).toBe('a#test · PoolWorker-1 · pid 4242 · ✓ (flaky: passed on attempt 3; attempt 1 exit 1, attempt 2 timed out) · 1.50s');
  });

  it('prints failed output again at the end and annotates the errors tools named', () => {
    const failed = taskResult('a#build', { status: 'failed', exitCode: 2, worker: 'PoolWorker-1', pid: 111, durationMs: 1200 });
    const { text } = render([
      { type: 'run-started', runId: 'r', root: '/repo', tasks: [task('a#build', '/repo/packages/a')], concurrency: 1, time: 0 },
      out('a#build', 'src/a.ts(3,7): error TS2322: Type, bad: 100%'),
      { type: 'task-finished', result: failed },
      { type: 'run-finished', summary: runSummary([failed]) },
    ]);
    expect(text).toBe(
      [
        'fanout: 1 task on 1 worker',
        '::group::a#build · PoolWorker-1 · pid 111 · ✗ · 1.20s',
        'src/a.ts(3,7): error TS2322: Type, bad: 100%',
        '::endgroup::',
        '',
        '── 1 failed task (output again, in full) ──',
        '',
        '── a#build · PoolWorker-1 · pid 111 · ✗ · 1.20s · failed with exit code 2',
        'src/a.ts(3,7): error TS2322: Type, bad: 100%',
        '::error title=a#build,file=packages/a/src/a.ts,line=3,col=7::TS2322: Type, bad: 100%25',
        '',
      ].join('\n'),
    );
  });

  it('fences task output that contains workflow commands so it cannot end groups or add annotations', () => {
    const result = taskResult('a#test');
    const { text } = render([out('a#test', '::endgroup::'), out('a#test', '::error::injected'), { type: 'task-finished', result }]);
    expect(text.split('\n').slice(1, 5)).toEqual(['::stop-commands::TOKEN', '::endgroup::', '::error::injected', '::TOKEN::']);
  });

  it('caps error annotations and reports how many were left out', () => {
    const results = Array.from({ length: 12 }, (_, i) => taskResult(`p${i}#test`, { status: 'failed', exitCode: 1 }));
    const { text, reporter } = render([
      ...results.map((result): RunEvent => ({ type: 'task-finished', result })),
      { type: 'run-finished', summary: runSummary(results) },
    ]);
    expect(text.split('\n').filter((line) => line.startsWith('::error'))).toHaveLength(10);
    expect(reporter.omittedAnnotations).toBe(2);
    expect(text).toContain('2 more errors are listed in the job summary (GitHub shows 10 per step).');
  });

  it('keeps a bounded amount of output per task and points at the log file for the rest', () => {
    const result = taskResult('a#test', { logFile: '/logs/a.log' });
    const { text } = render([out('a#test', 'x'.repeat(10)), out('a#test', 'y'.repeat(10)), { type: 'task-finished', result }], { maxBufferedBytes: 15 });
    expect(text).toContain(`${'x'.repeat(10)}\n… 1 more lines in /logs/a.log\n`);
  });

  it('renders runner warnings as warning commands', () => {
    const { text, reporter } = render([{ type: 'warning', code: 'ERR_RUNNER_CACHE', message: 'cache dir is read-only', hint: 'check permissions' }]);
    expect(text).toBe('::warning title=ERR_RUNNER_CACHE::cache dir is read-only%0Acheck permissions\n');
    expect(reporter.warnings).toEqual(['cache dir is read-only']);
  });
});
