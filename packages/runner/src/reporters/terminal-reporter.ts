import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import type { Reporter, RunEvent } from '../model/run-event.js';
import { unreachable } from '../model/run-event.js';
import type { TaskId } from '../model/task-id.js';
import type { TaskResult } from '../model/task-result.js';
import { createColors, shouldUseColor, type Colors } from './colors.js';
import { renderEndReport } from './end-report.js';
import { OutputQueue } from './output-queue.js';
import { renderStatusArea, type RunningTask } from './status-area.js';
import { taskHeader } from './task-header.js';

export type OutputMode = 'grouped' | 'stream' | 'errors-only' | 'new-only';

export interface TerminalReporterOptions {
  /**
   * `grouped`: each task's block at its end; `stream`: lines as they come, prefixed `pkg#task │`; `errors-only`: only
   * failures; `new-only`: as `grouped`, but a cache hit is its header alone, not its replayed log (turbo's
   * `--output-logs=new-only`), so a mostly cached run shows what ran.
   */
  mode: OutputMode;
  stdout: NodeJS.WritableStream;
  /** Warnings go here. @default stdout */
  stderr?: NodeJS.WritableStream;
  /** @default from the stream and `NO_COLOR` / `FORCE_COLOR` */
  colors?: Colors;
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Draw a live status area below the logs. @default whether stdout is a TTY */
  live?: boolean;
  /** Print why each cache miss missed. @default false */
  explain?: boolean;
  /** @default Date.now */
  now?: () => number;
  /** Output kept in memory per task in grouped mode; past it the block is read back from the log file. @default 1 MiB */
  bufferBytes?: number;
  /** Live area redraw period. @default 250 */
  refreshMs?: number;
  /**
   * After a write, wait this long before drawing the live area again, so a burst of log lines is written once
   * instead of lifting and redrawing the area around every line; 0 redraws at once. @default 50
   */
  redrawDelayMs?: number;
}

interface Buffered {
  lines: string[];
  bytes: number;
  overflowed: boolean;
}

/** Renders run events as text: task blocks, a live status area on a terminal, failed logs again at the end, the report. */
export function createTerminalReporter(options: TerminalReporterOptions): Reporter {
  return new TerminalReporter(options);
}

class TerminalReporter implements Reporter {
  readonly #mode: OutputMode;
  readonly #out: NodeJS.WritableStream;
  readonly #err: NodeJS.WritableStream;
  readonly #colors: Colors;
  readonly #live: boolean;
  readonly #explain: boolean;
  readonly #now: () => number;
  readonly #bufferBytes: number;
  readonly #refreshMs: number;
  readonly #redrawDelayMs: number;
  #redraw: NodeJS.Timeout | undefined;
  readonly #queue = new OutputQueue();
  readonly #buffers = new Map<TaskId, Buffered>();
  readonly #running = new Map<TaskId, RunningTask>();
  readonly #failed: TaskResult[] = [];
  /** Tasks that run until stopped: their lines are printed as they come in every mode that prints output. */
  #persistent: ReadonlySet<TaskId> = new Set();
  #total = 0;
  #done = 0;
  #prefixWidth = 0;
  #areaLines = 0;
  #timer: NodeJS.Timeout | undefined;
  #finished = false;
  #batch: string[] = [];
  #batchStream: NodeJS.WritableStream | undefined;
  #flushing: NodeJS.Immediate | undefined;

  constructor(options: TerminalReporterOptions) {
    this.#mode = options.mode;
    this.#out = options.stdout;
    this.#err = options.stderr ?? options.stdout;
    this.#colors = options.colors ?? createColors(shouldUseColor(options.stdout, options.env));
    this.#live = options.live ?? (options.stdout as { isTTY?: boolean }).isTTY === true;
    this.#explain = options.explain ?? false;
    this.#now = options.now ?? Date.now;
    this.#bufferBytes = options.bufferBytes ?? 1024 * 1024;
    this.#refreshMs = options.refreshMs ?? 250;
    this.#redrawDelayMs = options.redrawDelayMs ?? 50;
  }

  onEvent(event: RunEvent): void {
    switch (event.type) {
      case 'run-started':
        this.#total = event.tasks.length;
        this.#prefixWidth = Math.max(0, ...event.tasks.map((task) => task.id.length));
        this.#persistent = new Set(event.tasks.filter((task) => task.config.persistent === true).map((task) => task.id));
        if (this.#live) {
          this.#timer = setInterval(() => this.#print(''), this.#refreshMs);
          this.#timer.unref();
        }
        return;
      case 'task-started':
        this.#running.set(event.id, { id: event.id, worker: event.worker, pid: event.pid, since: event.time });
        this.#print('');
        return;
      case 'task-output':
        if (event.replayed && this.#mode === 'new-only') return;
        return this.#onOutput(event.id, event.line);
      case 'task-retrying':
        return this.#onOutput(event.id, this.#colors.yellow(`↻ attempt ${event.attempt - 1} failed (exit ${event.exitCode ?? 'by signal'}); retrying`));
      case 'task-finished':
        return this.#onFinished(event.result);
      case 'warning': {
        const hint = event.hint === undefined ? '' : `\n  ${this.#colors.dim(`hint: ${event.hint}`)}`;
        this.#print(`${this.#colors.yellow(`warning ${event.code}`)}: ${event.message}${hint}\n`, this.#err);
        return;
      }
      case 'run-finished':
        this.#finished = true;
        clearInterval(this.#timer);
        clearTimeout(this.#redraw);
        if (this.#failed.length > 0) this.#print(`\n${this.#colors.red(this.#colors.bold(failedHeading(this.#failed.length, this.#mode)))}\n`);
        for (const result of this.#failed) this.#printBlock(result, 'full');
        this.#print(`${renderEndReport(event.summary, this.#colors).join('\n')}\n`);
        return;
      default:
        unreachable(event);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    clearTimeout(this.#redraw);
    this.#finished = true;
    this.#print('');
    await this.#queue.idle();
    this.#flush();
  }

  /**
   * Writes are batched within a turn of the event loop and go out as one: a fully cached run finishes a task block
   * after another in the same few milliseconds, and a write each cost more than making the blocks. Text for another
   * stream flushes the batch first, so stdout and stderr keep their order.
   */
  #write(stream: NodeJS.WritableStream, text: string): void {
    if (this.#batchStream !== stream) this.#flush();
    this.#batchStream = stream;
    this.#batch.push(text);
    this.#flushing ??= setImmediate(() => this.#flush());
  }

  #flush(): void {
    if (this.#flushing !== undefined) clearImmediate(this.#flushing);
    this.#flushing = undefined;
    const stream = this.#batchStream;
    if (stream === undefined || this.#batch.length === 0) return;
    const text = this.#batch.join('');
    this.#batch = [];
    stream.write(text);
  }

  #onOutput(id: TaskId, line: string): void {
    // A dev server's block would only print once it is stopped: its lines stream, prefixed, as in `stream`.
    if (this.#mode === 'stream' || (this.#mode !== 'errors-only' && this.#persistent.has(id))) {
      this.#print(`${this.#colors.label(`${id.padEnd(this.#prefixWidth)} │`, id)} ${line}\n`);
      return;
    }
    let buffer = this.#buffers.get(id);
    if (!buffer) this.#buffers.set(id, (buffer = { lines: [], bytes: 0, overflowed: false }));
    if (buffer.overflowed) return;
    buffer.lines.push(line);
    buffer.bytes += line.length + 1;
    if (buffer.bytes > this.#bufferBytes) {
      // Too much to hold: the block will be read back from the task's log file.
      buffer.lines = [];
      buffer.overflowed = true;
    }
  }

  #onFinished(result: TaskResult): void {
    this.#running.delete(result.id);
    this.#done++;
    if (result.status === 'failed') this.#failed.push(result);
    if (result.status === 'skipped' || this.#mode === 'errors-only') {
      this.#buffers.delete(result.id);
      this.#print('');
      return;
    }
    this.#printBlock(result, this.#mode === 'stream' || this.#persistent.has(result.id) ? 'header' : 'buffered');
    this.#buffers.delete(result.id);
  }

  /** A task's header, the cache explanation, and its output: from memory, or streamed from its log file. */
  #printBlock(result: TaskResult, body: 'header' | 'buffered' | 'full'): void {
    let text = `${taskHeader(result, this.#colors, { showsReplay: this.#mode !== 'new-only' })}\n`;
    if (this.#explain && result.cache === 'miss') {
      const reasons = result.cacheMissReasons?.length ? result.cacheMissReasons : ['no earlier run of this task in the cache'];
      text += reasons.map((reason) => this.#colors.dim(`   cache miss: ${reason}\n`)).join('');
    }
    const buffer = this.#buffers.get(result.id);
    if (body === 'buffered' && !buffer?.overflowed) {
      this.#print(text + (buffer?.lines ?? []).map((line) => `${line}\n`).join(''));
      return;
    }
    if (body === 'header') {
      this.#print(text);
      return;
    }
    const { logFile } = result;
    if (logFile === null) {
      this.#print(text + result.logTail.map((line) => `${line}\n`).join(''));
      return;
    }
    this.#queue.run(async () => {
      this.#clearArea();
      this.#write(this.#out, text);
      // Streamed straight to the stream, so whatever is batched goes first.
      this.#flush();
      await copyLines(logFile, this.#out).catch(() => {
        this.#out.write(result.logTail.map((line) => `${line}\n`).join(''));
      });
      this.#scheduleDraw();
    });
  }

  /** Writes text with the live area lifted off and redrawn below it, so the area never garbles the logs. */
  #print(text: string, stream: NodeJS.WritableStream = this.#out): void {
    this.#queue.run(() => {
      if (text === '') {
        // Only the area changed; while a redraw is pending the area is lifted and that redraw will show it.
        if (this.#redraw === undefined) {
          this.#clearArea();
          this.#drawArea();
        }
        return;
      }
      this.#clearArea();
      this.#write(stream, text);
      this.#scheduleDraw();
    });
  }

  #clearArea(): void {
    if (this.#areaLines === 0) return;
    // Cursor to the start of the area's first line, then erase to the end of the screen.
    this.#write(this.#out, `\x1b[${this.#areaLines}F\x1b[J`);
    this.#areaLines = 0;
  }

  #scheduleDraw(): void {
    if (!this.#live || this.#finished) return;
    if (this.#redrawDelayMs === 0) return this.#drawArea();
    this.#redraw ??= setTimeout(() => {
      this.#redraw = undefined;
      this.#queue.run(() => {
        this.#clearArea();
        this.#drawArea();
      });
    }, this.#redrawDelayMs);
    this.#redraw.unref();
  }

  #drawArea(): void {
    if (!this.#live || this.#finished || this.#total === 0) return;
    const columns = (this.#out as { columns?: number }).columns || 80;
    const lines = renderStatusArea([...this.#running.values()], { done: this.#done, total: this.#total }, this.#now(), this.#colors, columns);
    this.#write(this.#out, `${lines.join('\n')}\n`);
    this.#areaLines = lines.length;
  }
}

/** Streams a log file to `out` line by line, waiting for the stream to drain, so a huge log never sits in memory. */
async function copyLines(file: string, out: NodeJS.WritableStream): Promise<void> {
  // readline (and the stream modules it brings) loads only for a log too long to hold: most runs never need it.
  // Not import(): the CLI runs as a vm script (bin/fanout.js), where import() needs an experimental hook.
  const { createInterface } = process.getBuiltinModule('node:readline');
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  }
}

/**
 * Heads the failed tasks' logs at the end of the run, worded as the Action words it. In grouped and stream modes
 * they scrolled by already, and the heading makes the copies read as a repeat, not as more failures.
 */
function failedHeading(count: number, mode: OutputMode): string {
  return `── ${count} failed task${count === 1 ? '' : 's'} (output ${mode === 'errors-only' ? '' : 'again, '}in full) ──`;
}
