import { closeSync, constants, fstatSync, linkSync, lstatSync, mkdirSync, openSync, readdirSync, renameSync, rmdirSync, rmSync, truncateSync, unlinkSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import type { Task } from '../model/task.js';
import { joinPath } from '../join-path.js';

/** Lines kept in memory per task for `TaskResult.logTail`; the full text only ever lives in the log file. */
export const LOG_TAIL_LINES = 50;
/** A longer line is cut in the tail (never in the file), so a minified bundle on one line can't bloat memory. */
const TAIL_LINE_CHARS = 2000;
/** Output is written to the file in chunks of about this size: bounded memory, few syscalls. */
const FLUSH_BYTES = 64 * 1024;
/**
 * Beside the run folders: pruned run folders, whole, whose files later runs take as their own logs (see
 * {@link pruneRunLogs}). Its name starts with a dot, so no run id sorts before it or equals it.
 */
export const RECYCLED_LOGS = '.recycled';
/** Run folders kept for recycling; beyond this (runs that log fewer tasks than they prune) the oldest are removed. */
const RECYCLED_RUNS_MAX = 2;

/** Where one task's output goes while it runs. */
export interface TaskLog {
  /** Absolute path of the full log, or `null` for an in-memory log. */
  readonly file: string | null;
  write(line: string): void;
  /** The last lines written. */
  tail(): string[];
  /** Bytes in the file so far, everything written included (flushed first); 0 for a log without a file of its own. */
  size(): number;
  /** Flushes and closes the file; idempotent. */
  close(): void;
}

/** Opens a log per task. */
export interface TaskLogs {
  /** The directory holding this run's logs, or `null` when logs are kept in memory. */
  readonly dir: string | null;
  open(task: Task): TaskLog;
  /**
   * The log of a task whose output is replayed from `source`, a file that is never written again (a cache hit's
   * stored log): a hard link to it where the file system allows, and then the lines written only feed the tail;
   * otherwise a log like `open`'s, which the lines are written into.
   */
  replay(task: Task, source: string): TaskLog;
}

/**
 * Logs as files named after the task id under `dir`, created on first use. A run folder's parent is the logs
 * folder: files of run folders that {@link pruneRunLogs} recycled there are renamed in and reused before any is created.
 */
export function fileTaskLogs(dir: string): TaskLogs {
  const used = new Set<string>();
  let made = false;
  let canLink = true;
  const bin = joinPath(path.dirname(dir), RECYCLED_LOGS);
  let recycled: Array<{ runDir: string; files: string[] }> | undefined;
  /** Gives `file` the inode of a recycled log, emptied, if one is left: true if it did. */
  const reuse = (file: string): boolean => {
    // Listed once: a run that finds none creates its files, and leaves the next run what its own pruning recycled.
    recycled ??= listRecycled(bin);
    for (let run = recycled.at(-1); run !== undefined; run = recycled.at(-1)) {
      for (let name = run.files.pop(); name !== undefined; name = run.files.pop()) {
        const old = joinPath(run.runDir, name);
        try {
          const stats = lstatSync(old);
          // Linked elsewhere too (a replayed log is a cache entry's stored log): emptying it would empty the entry.
          if (stats.nlink !== 1) {
            unlinkSync(old);
            continue;
          }
          // Emptied by path, not by opening with O_TRUNC: ext4 flushes a file truncated by open when it is closed
          // (auto_da_alloc), which made each reused log with output cost three times a new one.
          if (stats.size > 0) truncateSync(old);
          renameSync(old, file);
          return true;
        } catch {
          // Taken by a run in parallel: try the next one.
        }
      }
      recycled.pop();
      try {
        rmdirSync(run.runDir);
      } catch {
        // Not empty (a folder in it, a parallel run's leftovers): pruning removes it in time.
      }
    }
    return false;
  };
  const fileFor = (task: Task): string => {
    const base = sanitizeTaskId(task.id);
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
    used.add(name);
    return joinPath(dir, `${name}.log`);
  };
  // The folder is made once per run, not per task (a fully cached run opens a log for every task it replays),
  // and again should it have gone since.
  const inDir = <T>(create: () => T): T => {
    if (made) {
      try {
        return create();
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'ENOENT') throw error;
      }
    }
    mkdirSync(dir, { recursive: true });
    made = true;
    return create();
  };
  return {
    dir,
    open: (task) => {
      const file = fileFor(task);
      return inDir(() => new FileTaskLog(file, reuse(file)));
    },
    replay: (task, source) => {
      const file = fileFor(task);
      if (canLink) {
        // A new inode costs the file system about ten times a new name for an existing one, and a fully cached
        // run writes a log per task.
        try {
          inDir(() => linkSync(source, file));
          return new LinkedTaskLog(file);
        } catch (error) {
          // Another device, or a file system without hard links: copy from now on. A missing source is the
          // caller's to notice while reading it.
          if ((error as { code?: unknown }).code !== 'ENOENT') canLink = false;
        }
      }
      return inDir(() => new FileTaskLog(file));
    },
  };
}

/** Logs that keep only the tail in memory, for tests and for runs that write no files. */
export function memoryTaskLogs(): TaskLogs {
  return { dir: null, open: () => new TailLog(), replay: () => new TailLog() };
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

  size(): number {
    return 0;
  }

  close(): void {}
}

/** A log whose file already holds the output (linked in): writes only keep the tail. */
class LinkedTaskLog extends TailLog {
  override readonly file: string;

  constructor(file: string) {
    super();
    this.file = file;
  }
}

class FileTaskLog extends TailLog {
  override readonly file: string;
  #fd: number | null;
  #pending: string[] = [];
  #pendingBytes = 0;

  /** `reused`: `file` is a recycled log, already empty, opened without O_TRUNC (see fileTaskLogs). */
  constructor(file: string, reused = false) {
    super();
    this.file = file;
    this.#fd = openSync(file, reused ? constants.O_WRONLY : 'w');
  }

  override write(line: string): void {
    super.write(line);
    if (this.#fd === null) return;
    this.#pending.push(line, '\n');
    this.#pendingBytes += line.length + 1;
    if (this.#pendingBytes >= FLUSH_BYTES) this.#flush();
  }

  override size(): number {
    if (this.#fd === null) return 0;
    this.#flush();
    return fstatSync(this.#fd).size;
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

/**
 * Removes all but the newest `keep` run directories under `logsDir` (run ids sort by time). Synchronous: a run
 * directory holds a small file per task, and unlinking them through the thread pool, one round trip each, took
 * longer than a fully cached run spends on its lookups.
 *
 * A removed run folder is not emptied but moved, whole, to {@link RECYCLED_LOGS}, whose files the next runs take as
 * their logs (see {@link fileTaskLogs}; a reused one is emptied first, so an old log's text lasts until then). A run
 * freed a run's worth of inodes and then made as many, and on ext4 without a journal (this machine's) every new inode
 * scans past the recently freed ones: ~30 ms of the main process for 120 logs, each on the way to its task's
 * dispatch, against ~10 ms for renaming old files in.
 */
export async function pruneRunLogs(logsDir: string, keep: number): Promise<void> {
  let entries;
  try {
    entries = readdirSync(logsDir, { withFileTypes: true })
      .filter((entry) => entry.name !== RECYCLED_LOGS)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return;
  }
  const old = entries.slice(0, Math.max(0, entries.length - keep));
  if (old.length === 0) return;
  const bin = joinPath(logsDir, RECYCLED_LOGS);
  const recycled = old.filter((entry) => entry.isDirectory()).slice(-RECYCLED_RUNS_MAX);
  if (recycled.length > 0) mkdirSync(bin, { recursive: true });
  for (const entry of old) {
    try {
      if (recycled.includes(entry)) renameSync(joinPath(logsDir, entry.name), joinPath(bin, entry.name));
      else removeRunDir(joinPath(logsDir, entry.name));
    } catch {
      // Another run removing it too, or a file we may not delete: the next run tries again.
    }
  }
  // What runs did not take: the oldest go, so the folder holds at most RECYCLED_RUNS_MAX runs' files.
  let binned: string[];
  try {
    binned = readdirSync(bin).sort();
  } catch {
    return;
  }
  for (const name of binned.slice(0, Math.max(0, binned.length - RECYCLED_RUNS_MAX))) {
    try {
      removeRunDir(joinPath(bin, name));
    } catch {
      // As above.
    }
  }
}

/** A run's log folder holds only files: unlinked by name (`rmSync` would lstat each first), anything else by `rmSync`. */
function removeRunDir(dir: string): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    // Not a folder (a stray file), or gone already.
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  for (const entry of entries) {
    const file = joinPath(dir, entry.name);
    if (entry.isDirectory()) rmSync(file, { recursive: true, force: true });
    else unlinkSync(file);
  }
  rmdirSync(dir);
}

/** The run folders in the recycle folder, newest last, with their plain files. */
function listRecycled(bin: string): Array<{ runDir: string; files: string[] }> {
  let runs: string[];
  try {
    runs = readdirSync(bin).sort();
  } catch {
    return [];
  }
  return runs.map((run) => {
    const runDir = joinPath(bin, run);
    try {
      const files = readdirSync(runDir, { withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => entry.name);
      return { runDir, files };
    } catch {
      return { runDir, files: [] };
    }
  });
}
