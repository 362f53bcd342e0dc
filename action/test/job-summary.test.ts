import type { TaskId } from '@fanout/runner';
import { describe, expect, it } from 'vitest';
import { renderJobSummary } from '../src/job-summary.js';
import { escapeCell, escapeHtml } from '../src/summary/html.js';
import { MAX_TASKS_PER_CHART, mermaidText, renderGantt } from '../src/summary/mermaid-gantt.js';
import { runSummary, taskResult } from './synthetic-run.js';

const evil = 'b#<script>alert(1)</script>' as TaskId;

function sampleRun() {
  const tasks = [
    taskResult('@acme/a#build', { startTime: 1000, endTime: 2500, durationMs: 1500, worker: 'PoolWorker-1', pid: 11 }),
    taskResult(evil, {
      status: 'failed',
      exitCode: 1,
      startTime: 1200,
      endTime: 4000,
      durationMs: 2800,
      worker: 'PoolWorker-2',
      pid: 22,
      logTail: ['<script>alert("x")</script>', 'a | b'],
      cacheMissReasons: ['changed src/a.ts'],
    }),
    taskResult('c#test', { cache: 'hit', worker: null, pid: null, startTime: 2600, endTime: 2610, durationMs: 10 }),
    taskResult('d#lint', { status: 'skipped', skipReason: 'dependency-failed', worker: null, pid: null, startTime: null, endTime: null, durationMs: 0, cache: 'off' }),
  ];
  return runSummary(tasks, {
    criticalPath: { tasks: ['@acme/a#build' as TaskId, evil], ms: 4300, boundRatio: 1.05 },
    slowest: [{ id: evil, durationMs: 2800 }],
  });
}

describe('renderJobSummary', () => {
  it('renders headline, table, timeline, critical path, slowest tasks, misses and failures, all escaped', () => {
    const text = renderJobSummary({ summary: sampleRun(), omittedAnnotations: 3, warnings: ['Task cache not restored: <boom>'] });
    expect(text).toBe(
    [
      '## fanout · lint test build',
      '',
      '**✗ 1 of 4 tasks failed**',
      '',
      '4 tasks · 1 failed · 1 skipped · 1 cache hit · wall time 3.00s · 1.50s saved against serial (4.50s of task time) · parallelism 1.50× on 2 workers',
      '',
      '> [!WARNING]',
      '> Task cache not restored: &lt;boom&gt;',
      '',
      '| Task | Status | Duration | Worker | PID | Cache |',
      '| --- | --- | ---: | --- | ---: | --- |',
      '| <code>@acme/a#build</code> | ✓ success | 1.50s | PoolWorker-1 | 11 | miss |',
      '| <code>b#&lt;script&gt;alert(1)&lt;/script&gt;</code> | ✗ exit code 1 | 2.80s | PoolWorker-2 | 22 | miss |',
      '| <code>c#test</code> | ✓ success | 10ms |  |  | hit |',
      '| <code>d#lint</code> | ○ skipped (dependency-failed) |  |  |  | off |',
      '',
      '### Timeline',
      '',
      '```mermaid',
      'gantt',
      '  dateFormat x',
      '  axisFormat %M:%S',
      '  section PoolWorker-1',
      '  @acme/a build :t0, 0, 1500',
      '  section PoolWorker-2',
      '  b _script_alert_1__/script_ :crit, t1, 200, 3000',
      '  section cache hits',
      '  c test :done, t2, 1600, 1610',
      '```',
      '',
      '### Critical path',
      '',
      '<code>@acme/a#build</code> → <code>b#&lt;script&gt;alert(1)&lt;/script&gt;</code> (4.30s); the run took 1.05× its lower bound.',
      '',
      '### Slowest tasks',
      '',
      '1. <code>b#&lt;script&gt;alert(1)&lt;/script&gt;</code> 2.80s',
      '',
      '<details><summary>Why 2 tasks missed the cache</summary>',
      '',
      '- <code>b#&lt;script&gt;alert(1)&lt;/script&gt;</code>: changed src/a.ts',
      '- 1 task had no earlier cache entry to compare with',
      '',
      '</details>',
      '',
      '<details><summary>✗ <code>b#&lt;script&gt;alert(1)&lt;/script&gt;</code> failed with exit code 1</summary>',
      '',
      '<pre>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;',
      'a | b</pre>',
      '',
      'Full log: <code>/logs/b#&lt;script&gt;alert(1)&lt;/script&gt;.log</code>',
      '',
      '</details>',
      '',
      '3 more errors were not annotated (GitHub shows 10 per step); see the failures above.',
      '',
      '',
    ].join('\n'),
    );
    expect(text).not.toContain('<script>');
  });

  it('says how a flaky task passed and how each earlier try ended', () => {
    const flaky = taskResult('a#test', {
      attempts: 2,
      flaky: true,
      failedAttempts: [{ startTime: 0, endTime: 500, durationMs: 500, exitCode: 1, signal: null, timedOut: false, worker: 'PoolWorker-1', pid: 111 }],
    });
    const text = renderJobSummary({ summary: runSummary([flaky]), omittedAnnotations: 0, warnings: [] });
    expect(text).toContain('| <code>a#test</code> | ✓ flaky: passed on attempt 2; attempt 1 exit 1 | 1.50s | PoolWorker-1 | 4242 | miss |');
  });

  it('leaves out whole sections past the size limit, with a note, and stays under it', () => {
    const failures = Array.from({ length: 40 }, (_, i) =>
      taskResult(`p${i}#test`, { status: 'failed', exitCode: 1, logTail: Array.from({ length: 50 }, () => 'x'.repeat(100)) }),
    );
    const text = renderJobSummary({ summary: runSummary(failures), maxBytes: 64 * 1024 });
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(64 * 1024);
    expect(text).toMatch(/> \*\*Summary truncated\*\* to stay under GitHub's 1 MiB limit: \d+ more sections left out\./);
    expect(text.match(/<details>/g)?.length).toBe(text.match(/<\/details>/g)?.length);
    expect(text.startsWith('## fanout · lint test build')).toBe(true);
  });
});

describe('renderGantt', () => {
  it('orders the sections by worker number (PoolWorker-2 before PoolWorker-10), cache hits last', () => {
    const tasks = [
      taskResult('c#test', { cache: 'hit' }),
      taskResult('a#build', { worker: 'PoolWorker-10' }),
      taskResult('b#build', { worker: 'PoolWorker-2' }),
    ];
    const [chart] = renderGantt(tasks, 0);
    const sections = [...(chart ?? '').matchAll(/^ {2}section (.+)$/gm)].map((match) => match[1]);
    expect(sections).toEqual(['PoolWorker-2', 'PoolWorker-10', 'cache hits']);
  });

  it('splits a large run into several charts', () => {
    const tasks = Array.from({ length: MAX_TASKS_PER_CHART + 5 }, (_, i) => taskResult(`p${i}#build`));
    const charts = renderGantt(tasks, 0);
    expect(charts).toHaveLength(2);
    expect(charts[1]?.match(/ :t\d+, /g)).toHaveLength(5);
    expect(renderJobSummary({ summary: runSummary(tasks) })).toContain('### Timeline (2 of 2)');
  });

  it('keeps names that mermaid and HTML would misread out of the chart syntax', () => {
    expect(mermaidText('@acme/ui#test:unit; %%x <b>')).toBe('@acme/ui test_unit_ __x _b_');
    expect(mermaidText('###')).toBe('_');
  });
});

describe('escaping', () => {
  it('escapes HTML in text and markdown syntax in table cells', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(escapeCell('a|b\n`c`*_[x]\\')).toBe('a&#124;b &#96;c&#96;&#42;&#95;&#91;x&#93;&#92;');
  });
});
