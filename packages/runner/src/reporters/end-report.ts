import type { RunSummary } from '../model/run-summary.js';
import type { TaskResult } from '../model/task-result.js';
import type { Colors } from './colors.js';
import { describeFailure, describeFlaky } from './describe-attempts.js';
import { formatDuration } from './format-duration.js';

/** How many failed tasks get a line of their own before the rest are counted. */
const FAILED_NAMED = 8;
/** How many skipped tasks the report names before summarising the rest. */
const SKIPPED_NAMED = 8;
/** How many flaky tasks get a line of their own before the rest are counted. */
const FLAKY_NAMED = 8;

/** The closing lines of a run: what happened, where the time went, and how close it came to the bound. */
export function renderEndReport(summary: RunSummary, colors: Colors): string[] {
  const { counts } = summary;
  const label = (text: string) => colors.bold(text.padEnd(10));
  const tally = [`${counts.total} total`];
  if (counts.success > 0) tally.push(colors.green(`${counts.success} succeeded`));
  if (counts.failed > 0) tally.push(colors.red(`${counts.failed} failed`));
  if (counts.skipped > 0) tally.push(colors.yellow(`${counts.skipped} skipped`));
  if (counts.cached > 0) tally.push(`${counts.cached} from cache`);
  if (counts.flaky > 0) tally.push(colors.yellow(`${counts.flaky} flaky`));

  const lines = [''];
  if (summary.interrupted) lines.push(colors.red(colors.bold('Interrupted: running tasks were killed, the rest not started.')));
  lines.push(`${label('Tasks')}${tally.join(' · ')}`);
  // Named, so the task to look at is in the last screenful even when the logs above it ran to thousands of lines.
  const failed = summary.tasks.filter((task) => task.status === 'failed');
  failed.slice(0, FAILED_NAMED).forEach((task, index) => {
    lines.push(`${label(index === 0 ? 'Failed' : '')}${task.id} ${colors.red(`(${describeFailure(task)})`)}`);
  });
  if (failed.length > FAILED_NAMED) lines.push(`${label('')}and ${failed.length - FAILED_NAMED} more`);
  const skipped = summary.tasks.filter((task) => task.status === 'skipped');
  if (skipped.length > 0) lines.push(`${label('Skipped')}${skippedList(skipped)}`);
  const flaky = summary.tasks.filter((task) => task.flaky);
  flaky.slice(0, FLAKY_NAMED).forEach((task, index) => {
    lines.push(`${label(index === 0 ? 'Flaky' : '')}${task.id} ${colors.yellow(describeFlaky(task))}`);
  });
  if (flaky.length > FLAKY_NAMED) lines.push(`${label('')}and ${flaky.length - FLAKY_NAMED} more`);
  lines.push(
    `${label('Time')}wall ${formatDuration(summary.wallMs)} · tasks ${formatDuration(summary.taskMs)} · ` +
      `parallelism ${summary.parallelism.toFixed(2)}× on ${summary.concurrency} slot${summary.concurrency === 1 ? '' : 's'} · ` +
      `saved ${formatDuration(summary.savedMs)} against one by one`,
  );
  const path = summary.criticalPath;
  if (path.tasks.length > 0) {
    const bound = Math.max(path.ms, summary.taskMs / summary.concurrency);
    lines.push(
      `${label('Critical')}${path.tasks.join(' → ')} ${formatDuration(path.ms)}`,
      `${label('')}lower bound ${formatDuration(bound)} (${path.ms >= bound ? 'critical path' : 'task time ÷ slots'}); ` +
        `the run took ${path.ms > 0 || bound > 0 ? `${path.boundRatio.toFixed(2)}×` : '—'} of it`,
    );
  }
  lines.push(`${label('Idle')}${formatDuration(summary.idleCoreMs)} of core time unused`);
  if (summary.slowest.length > 0) {
    lines.push(`${label('Slowest')}${summary.slowest.map((task) => `${task.id} ${formatDuration(task.durationMs)}`).join(' · ')}`);
  }
  const logDir = logDirectory(summary.tasks);
  if (logDir !== null) lines.push(`${label('Logs')}${logDir}`);
  return lines;
}

function skippedList(skipped: TaskResult[]): string {
  const named = skipped.slice(0, SKIPPED_NAMED).map((task) => `${task.id} (${(task.skipReason ?? '').replace('-', ' ')})`);
  if (skipped.length > SKIPPED_NAMED) named.push(`and ${skipped.length - SKIPPED_NAMED} more`);
  return named.join(', ');
}

/** The run's log directory: where any task's log file lives. */
export function logDirectory(tasks: readonly TaskResult[]): string | null {
  const file = tasks.find((task) => task.logFile !== null)?.logFile;
  if (!file) return null;
  const slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return file.slice(0, slash);
}
