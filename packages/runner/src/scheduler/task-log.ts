import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import * as path from 'node:path';
import type { Task } from '../model/task.js';

/** Lines kept in memory per task for `TaskResult.logTail`; the full text only ever lives in the log file. */
export const LOG_TAIL_LINES = 50;
/** A longer line is cut in the tail (never in the file), so a minified bundle on one line can't bloat memory. */
const TAIL_LINE_CHARS = 2000;
/** Output is written to the file in chunks of about this size: bounded memory, few syscalls. */
const FLUSH_BYTES = 64 * 1024;

/** Where one task's output goes while it runs. */
export interface TaskLog {
  /** Absolute path of the full log, or `null` for an in-memory log. */
  readonly file: string | null;
  write(line: string): void;
  /** The last lines written. */
  tail(): string[];
  /** Flushes and closes the file; idempotent. */
  close(): void;
}

/** Opens a log per task. */
export interface TaskLogs {
  /** The directory holding this run's logs, or `null` when logs are kept in memory. */
  readonly dir: string | null;
  open(task: Task): TaskLog;
}

/** Logs as files named after the task id under `dir`, created on first use. */
export function fileTaskLogs(dir: string): TaskLogs {
  const used = new Set<string>();
  return {
    dir,
    open(task) {
      mkdirSync(dir, { recursive: true });
      const base = sanitizeTaskId(task.id);
      let name = base;
      for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
      used.add(name);
      return new FileTaskLog(path.join(dir, `${name}.log`));
    },
  };
}

/** Logs that keep only the tail in memory, for tests and for runs that write no files. */
export function memoryTaskLogs(): TaskLogs {
  return { dir: null, open: () => new TailLog() };
}

/** `@acme/ui#build` → `acme_ui#build`: a file name that is safe everywhere and still readable. */
export function sanitizeTaskId(id: string): string {
  return id.replace(/^@/, '').replace(/[^\w.#-]/g, '_');
}

class TailLog implements TaskLog {
  readonly file: string | null = null;
  readonly #tail: string[] = [];

  write(line: string): void {
    this.#tail.push(line.length > TAIL_LINE_CHARS ? `${line.slice(0, TAIL_LINE_CHARS)}…` : line);
    if (this.#tail.length > LOG_TAIL_LINES) this.#tail.shift();
  }

  tail(): string[] {
    return [...this.#tail];
  }

  close(): void {}
}

class FileTaskLog extends TailLog {
  override readonly file: string;
  #fd: number | null;
  #pending: string[] = [];
  #pendingBytes = 0;

  constructor(file: string) {
    super();
    this.file = file;
    this.#fd = openSync(file, 'w');
  }

  override write(line: string): void {
    super.write(line);
    if (this.#fd === null) return;
    this.#pending.push(line, '\n');
    this.#pendingBytes += line.length + 1;
    if (this.#pendingBytes >= FLUSH_BYTES) this.#flush();
  }

  override close(): void {
    if (this.#fd === null) return;
    this.#flush();
    closeSync(this.#fd);
    this.#fd = null;
  }

  #flush(): void {
    if (this.#fd === null || this.#pending.length === 0) return;
    writeSync(this.#fd, this.#pending.join(''));
    this.#pending = [];
    this.#pendingBytes = 0;
  }
}

/** Removes all but the newest `keep` run directories under `logsDir` (run ids sort by time). */
export async function pruneRunLogs(logsDir: string, keep: number): Promise<void> {
  let entries: string[];
  try {
    entries = (await readdir(logsDir)).sort();
  } catch {
    return;
  }
  for (const old of entries.slice(0, Math.max(0, entries.length - keep))) {
    await rm(path.join(logsDir, old), { recursive: true, force: true });
  }
}
