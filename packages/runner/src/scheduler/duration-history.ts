import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { TaskId } from '../model/task-id.js';

/** Weight of the newest measurement in the moving average: recent runs matter most, one outlier only half. */
const EWMA_WEIGHT = 0.5;
/** Entries not measured for this long (a deleted package, a renamed script) are dropped on save. */
const FORGET_AFTER_MS = 90 * 24 * 60 * 60 * 1000;

interface Entry {
  ms: number;
  /** Epoch ms of the last measurement. */
  at: number;
}

interface HistoryFile {
  version: 1;
  tasks: Record<string, Entry>;
}

/** Measured task durations from earlier runs, kept as an exponentially weighted moving average per task id. */
export class DurationHistory {
  readonly file: string | null;
  readonly #entries: Map<string, Entry>;

  constructor(file: string | null, entries: Record<string, Entry> = {}) {
    this.file = file;
    this.#entries = new Map(Object.entries(entries));
  }

  /** Reads the history; a missing or unreadable file is an empty history (it is only a hint). */
  static async load(file: string): Promise<DurationHistory> {
    try {
      // Synchronous: one small file, read before the first task (see readManifest).
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<HistoryFile>;
      if (parsed.version === 1 && parsed.tasks && typeof parsed.tasks === 'object') {
        const valid = Object.entries(parsed.tasks).filter(
          ([, entry]) => Number.isFinite(entry?.ms) && entry.ms >= 0 && Number.isFinite(entry.at),
        );
        return new DurationHistory(file, Object.fromEntries(valid));
      }
    } catch {
      // Fall through: no history yet, or a corrupt one we will overwrite.
    }
    return new DurationHistory(file);
  }

  get(id: TaskId): number | undefined {
    return this.#entries.get(id)?.ms;
  }

  /** Every known task id with its estimate. */
  entries(): Array<[TaskId, number]> {
    return [...this.#entries].map(([id, entry]) => [id as TaskId, entry.ms]);
  }

  record(id: TaskId, ms: number, at = Date.now()): void {
    const previous = this.#entries.get(id);
    const next = previous === undefined ? ms : EWMA_WEIGHT * ms + (1 - EWMA_WEIGHT) * previous.ms;
    this.#entries.set(id, { ms: Math.round(next), at });
  }

  /**
   * Writes atomically (temp file + rename), so a concurrent reader never sees half a file. Synchronous: one small
   * file, after the last task, on the way to the process's exit; through the thread pool it took five round trips, and
   * in a run that used the pool for nothing else it started libuv's four threads only for them to be joined at exit.
   */
  async save(now = Date.now()): Promise<void> {
    if (this.file === null) return;
    const tasks: Record<string, Entry> = {};
    for (const [id, entry] of [...this.#entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (now - entry.at <= FORGET_AFTER_MS) tasks[id] = entry;
    }
    const body: HistoryFile = { version: 1, tasks };
    mkdirSync(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(temp, `${JSON.stringify(body, null, 1)}\n`);
    renameSync(temp, this.file);
  }
}
