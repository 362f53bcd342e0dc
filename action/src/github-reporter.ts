import { randomUUID } from 'node:crypto';
import { describeFlaky } from '@fanout/runner';
import type { Reporter, RunEvent, RunSummary, TaskId, TaskResult } from '@fanout/runner';
import { planAnnotations, describeFailure, type FailedTaskOutput } from './annotations/plan-annotations.js';
import { MAX_BUFFERED_OUTPUT_BYTES, MAX_ERROR_ANNOTATIONS } from './constants.js';
import { formatDuration } from './format-duration.js';
import { plural } from './plural.js';
import { endGroup, errorAnnotation, resumeCommands, startGroup, stopCommands, workflowCommand } from './workflow-command.js';

export interface GithubReporterOptions {
  /** Where log lines go. @default process.stdout */
  write?: (text: string) => void;
  /** Repository root; annotation paths are relative to it. */
  workspace: string;
  /** @default MAX_ERROR_ANNOTATIONS (10, what GitHub shows per step) */
  maxAnnotations?: number;
  /** Per-task output kept for its group and the failure re-print. @default MAX_BUFFERED_OUTPUT_BYTES */
  maxBufferedBytes?: number;
  /** Token for `::stop-commands::`. @default a random UUID */
  commandToken?: string;
}

interface TaskLog {
  worker: string | null;
  pid: number | null;
  lines: string[];
  bytes: number;
  omitted: number;
  replayed: boolean;
}

/**
 * Renders a run for the GitHub log: one `::group::` per task when it finishes (groups cannot overlap, so nothing
 * is printed while a task runs), failed tasks' output again, expanded, after the run, and `::error` annotations.
 */
export class GithubReporter implements Reporter {
  readonly #write: (text: string) => void;
  readonly #workspace: string;
  readonly #maxAnnotations: number;
  readonly #maxBufferedBytes: number;
  readonly #token: string;
  readonly #dirs = new Map<TaskId, string>();
  readonly #logs = new Map<TaskId, TaskLog>();
  readonly #failed: Array<FailedTaskOutput & { log: TaskLog }> = [];
  #omittedAnnotations = 0;
  readonly #warnings: string[] = [];

  constructor(options: GithubReporterOptions) {
    this.#write = options.write ?? ((text) => void process.stdout.write(text));
    this.#workspace = options.workspace;
    this.#maxAnnotations = options.maxAnnotations ?? MAX_ERROR_ANNOTATIONS;
    this.#maxBufferedBytes = options.maxBufferedBytes ?? MAX_BUFFERED_OUTPUT_BYTES;
    this.#token = options.commandToken ?? randomUUID();
  }

  /** The runner's warnings, for the job summary. */
  get warnings(): readonly string[] {
    return this.#warnings;
  }

  /** Error annotations that GitHub would not have shown, for the job summary. */
  get omittedAnnotations(): number {
    return this.#omittedAnnotations;
  }

  onEvent(event: RunEvent): void {
    switch (event.type) {
      case 'run-started':
        for (const task of event.tasks) this.#dirs.set(task.id, task.dir);
        this.#line(`fanout: ${plural(event.tasks.length, 'task')} on ${plural(event.concurrency, 'worker')}`);
        return;
      case 'task-started': {
        const log = this.#log(event.id);
        log.worker = event.worker;
        log.pid = event.pid;
        return;
      }
      case 'task-output': {
        const log = this.#log(event.id);
        log.replayed ||= event.replayed;
        this.#buffer(log, event.line);
        return;
      }
      case 'task-retrying':
        this.#buffer(this.#log(event.id), `↻ attempt ${event.attempt - 1} exited with ${event.exitCode ?? 'a signal'}, retrying`);
        return;
      case 'task-finished':
        this.#finish(event.result);
        return;
      case 'warning':
        this.#warnings.push(event.message);
        this.#line(workflowCommand('warning', { title: event.code }, event.hint ? `${event.message}\n${event.hint}` : event.message));
        return;
      case 'run-finished':
        this.#reprintFailures(event.summary);
        return;
      default:
        unreachable(event);
    }
  }

  #log(id: TaskId): TaskLog {
    let log = this.#logs.get(id);
    if (!log) {
      log = { worker: null, pid: null, lines: [], bytes: 0, omitted: 0, replayed: false };
      this.#logs.set(id, log);
    }
    return log;
  }

  #buffer(log: TaskLog, line: string): void {
    if (log.bytes + line.length > this.#maxBufferedBytes) {
      log.omitted++;
      return;
    }
    log.bytes += line.length + 1;
    log.lines.push(line);
  }

  #finish(result: TaskResult): void {
    const log = this.#log(result.id);
    this.#logs.delete(result.id);
    if (result.status === 'skipped') {
      this.#line(`○ ${result.id} · skipped (${result.skipReason ?? 'not run'})`);
      return;
    }
    this.#line(startGroup(taskTitle(result)));
    this.#body(result, log);
    this.#line(endGroup());
    if (result.status === 'failed') this.#failed.push({ result, dir: this.#dirs.get(result.id), lines: log.lines, log });
  }

  #body(result: TaskResult, log: TaskLog): void {
    if (log.replayed) this.#line('(output replayed from the cache)');
    const guard = log.lines.some((line) => line.includes('::'));
    if (guard) this.#line(stopCommands(this.#token));
    for (const line of log.lines) this.#line(line);
    if (guard) this.#line(resumeCommands(this.#token));
    if (log.omitted > 0) this.#line(`… ${log.omitted} more lines in ${result.logFile ?? 'the task log'}`);
  }

  #reprintFailures(summary: RunSummary): void {
    if (this.#failed.length === 0) return;
    this.#line('');
    this.#line(`── ${plural(this.#failed.length, 'failed task')} (output again, in full) ──`);
    for (const failed of this.#failed) {
      this.#line('');
      this.#line(`── ${taskTitle(failed.result)} · ${describeFailure(failed.result)}`);
      this.#body(failed.result, failed.log);
    }
    const { annotations, omitted } = planAnnotations(this.#failed, this.#workspace, this.#maxAnnotations);
    for (const { message, ...location } of annotations) this.#line(errorAnnotation(message, location));
    this.#omittedAnnotations = omitted;
    if (omitted > 0) this.#line(`${omitted} more errors are listed in the job summary (GitHub shows ${this.#maxAnnotations} per step).`);
    if (summary.interrupted) this.#line('The run was interrupted.');
  }

  #line(text: string): void {
    this.#write(`${text}\n`);
  }
}

/** `pkg#task · PoolWorker-2 · pid 48213 · ✓ · 3.41s`, with `cache hit` in place of worker and pid for a restored task. */
export function taskTitle(result: TaskResult): string {
  const where =
    result.cache === 'hit' ? ['cache hit'] : result.worker === null ? ['not run'] : [result.worker, `pid ${result.pid ?? '?'}`];
  const mark = result.status === 'success' ? (result.flaky ? `✓ (flaky: ${describeFlaky(result)})` : '✓') : '✗';
  return [result.id, ...where, mark, formatDuration(result.durationMs)].join(' · ');
}

function unreachable(value: never): never {
  throw new Error(`Unhandled event: ${JSON.stringify(value)}`);
}
