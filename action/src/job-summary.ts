import { describeFlaky } from '@fanout/runner';
import type { RunSummary, TaskResult } from '@fanout/runner';
import { describeFailure } from './annotations/plan-annotations.js';
import { MAX_SUMMARY_BYTES } from './constants.js';
import { formatDuration } from './format-duration.js';
import { plural } from './plural.js';
import { escapeCell, escapeHtml } from './summary/html.js';
import { renderGantt } from './summary/mermaid-gantt.js';

export interface JobSummaryInput {
  summary: RunSummary;
  /** Error annotations left out because GitHub shows only 10 per step. */
  omittedAnnotations?: number;
  /** Things the step warned about (the cache being unavailable, …), repeated here so they are seen. */
  warnings?: readonly string[];
  /** @default MAX_SUMMARY_BYTES (GitHub's 1 MiB) */
  maxBytes?: number;
}

/**
 * The job summary as markdown, written once per step: headline, task table, timeline, critical path, slowest
 * tasks, cache miss explanations and each failure's log tail. Every piece of run data is escaped; sections that
 * would cross `maxBytes` are left out whole, with a note, so the markup is never cut in half.
 */
export function renderJobSummary(input: JobSummaryInput): string {
  const { summary } = input;
  const sections = [
    headline(summary),
    ...(input.warnings ?? []).map((warning) => `> [!WARNING]\n> ${escapeHtml(warning).replace(/\r?\n/g, ' ')}`),
    table(summary.tasks),
    ...timeline(summary),
    criticalPath(summary),
    slowest(summary),
    cacheMisses(summary.tasks),
    ...summary.tasks.filter((task) => task.status === 'failed').map(failure),
    input.omittedAnnotations ? `${input.omittedAnnotations} more errors were not annotated (GitHub shows 10 per step); see the failures above.` : '',
  ].filter(Boolean);
  return fitSections(sections, input.maxBytes ?? MAX_SUMMARY_BYTES);
}

function headline(summary: RunSummary): string {
  const { counts } = summary;
  const title = summary.interrupted
    ? `○ interrupted: ${counts.success} of ${plural(counts.total, 'task')} passed`
    : counts.failed > 0
      ? `✗ ${counts.failed} of ${plural(counts.total, 'task')} failed`
      : `✓ ${plural(counts.total, 'task')} passed`;
  const facts = [
    plural(counts.total, 'task'),
    `${counts.failed} failed`,
    ...(counts.skipped ? [`${counts.skipped} skipped`] : []),
    ...(counts.flaky ? [`${counts.flaky} flaky`] : []),
    plural(counts.cached, 'cache hit'),
    `wall time ${formatDuration(summary.wallMs)}`,
    `${formatDuration(summary.savedMs)} saved against serial (${formatDuration(summary.taskMs)} of task time)`,
    `parallelism ${summary.parallelism.toFixed(2)}× on ${plural(summary.concurrency, 'worker')}`,
  ];
  return `## fanout · ${escapeHtml(summary.scripts.join(' '))}\n\n**${title}**\n\n${facts.join(' · ')}`;
}

function table(tasks: readonly TaskResult[]): string {
  const rows = tasks.map((task) =>
    [
      `<code>${escapeCell(task.id)}</code>`,
      escapeCell(status(task)),
      task.status === 'skipped' ? '' : formatDuration(task.durationMs),
      escapeCell(task.worker ?? ''),
      task.pid === null ? '' : String(task.pid),
      task.cache,
    ].join(' | '),
  );
  return ['| Task | Status | Duration | Worker | PID | Cache |', '| --- | --- | ---: | --- | ---: | --- |', ...rows.map((row) => `| ${row} |`)].join('\n');
}

function status(task: TaskResult): string {
  switch (task.status) {
    case 'success':
      return task.flaky ? `✓ flaky: ${describeFlaky(task)}` : '✓ success';
    case 'failed':
      return `✗ ${describeFailure(task).replace('failed with ', '')}`;
    case 'skipped':
      return `○ skipped${task.skipReason ? ` (${task.skipReason})` : ''}`;
  }
}

function timeline(summary: RunSummary): string[] {
  const charts = renderGantt(summary.tasks, summary.startTime);
  return charts.map((chart, index) => `### Timeline${charts.length > 1 ? ` (${index + 1} of ${charts.length})` : ''}\n\n${chart}`);
}

function criticalPath(summary: RunSummary): string {
  const { tasks, ms, boundRatio } = summary.criticalPath;
  if (tasks.length === 0) return '';
  const path = tasks.map((id) => `<code>${escapeHtml(id)}</code>`).join(' → ');
  return `### Critical path\n\n${path} (${formatDuration(ms)}); the run took ${boundRatio.toFixed(2)}× its lower bound.`;
}

function slowest(summary: RunSummary): string {
  if (summary.slowest.length === 0) return '';
  const items = summary.slowest.map(({ id, durationMs }, index) => `${index + 1}. <code>${escapeHtml(id)}</code> ${formatDuration(durationMs)}`);
  return `### Slowest tasks\n\n${items.join('\n')}`;
}

function cacheMisses(tasks: readonly TaskResult[]): string {
  const misses = tasks.filter((task) => task.cache === 'miss');
  if (misses.length === 0) return '';
  const explained = misses.filter((task) => task.cacheMissReasons?.length);
  const items = explained.map(
    (task) => `- <code>${escapeHtml(task.id)}</code>: ${(task.cacheMissReasons ?? []).map((reason) => escapeHtml(reason)).join('; ')}`,
  );
  const unexplained = misses.length - explained.length;
  if (unexplained > 0) items.push(`- ${plural(unexplained, 'task')} had no earlier cache entry to compare with`);
  return `<details><summary>Why ${plural(misses.length, 'task')} missed the cache</summary>\n\n${items.join('\n')}\n\n</details>`;
}

function failure(task: TaskResult): string {
  const tail = task.logTail.map((line) => escapeHtml(line)).join('\n');
  return [
    `<details><summary>✗ <code>${escapeHtml(task.id)}</code> ${escapeHtml(describeFailure(task))}</summary>`,
    '',
    `<pre>${tail || '(no output)'}</pre>`,
    '',
    ...(task.logFile ? [`Full log: <code>${escapeHtml(task.logFile)}</code>`, ''] : []),
    '</details>',
  ].join('\n');
}

function fitSections(sections: readonly string[], maxBytes: number): string {
  const note = (omitted: number) =>
    `> **Summary truncated** to stay under GitHub's 1 MiB limit: ${plural(omitted, 'more section')} left out. The full report is the JSON file named by the \`summary-path\` output.\n`;
  let text = '';
  for (const [index, section] of sections.entries()) {
    const next = `${text}${section}\n\n`;
    const omittedAfter = sections.length - index - 1;
    const reserve = omittedAfter > 0 ? Buffer.byteLength(note(sections.length)) : 0;
    if (Buffer.byteLength(next) + reserve > maxBytes) return `${text}${note(sections.length - index)}`;
    text = next;
  }
  return text;
}
