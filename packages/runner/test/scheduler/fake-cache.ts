import type { CacheLookup, Fingerprint, TaskCache } from '../../src/cache/task-cache.js';
import type { Task } from '../../src/model/task.js';
import type { TaskId } from '../../src/model/task-id.js';

/** An in-memory TaskCache: entries keyed by task id, fingerprints derived from the id and the dependencies'. */
export class FakeCache implements TaskCache {
  readonly entries = new Map<string, { log: string[] }>();
  readonly stored: Array<{ id: TaskId; fingerprint: Fingerprint; logFile: string }> = [];
  readonly restored: TaskId[] = [];
  /** Tasks fingerprinted without a lookup (left out of the run). */
  readonly fingerprinted: TaskId[] = [];
  /** How long each of those takes, to keep several in flight. */
  fingerprintMs = 0;
  mostFingerprintingAtOnce = 0;
  #fingerprinting = 0;
  /** Tasks announced to the cache before they ran. */
  readonly beforeRuns: TaskId[] = [];
  failLookup = new Set<string>();

  fingerprintOf(task: Task, deps: ReadonlyMap<TaskId, Fingerprint>): Fingerprint {
    return `fp(${task.id}${[...deps.values()].sort().map((fp) => `,${fp}`).join('')})` as Fingerprint;
  }

  async lookup(task: Task, deps: ReadonlyMap<TaskId, Fingerprint>): Promise<CacheLookup> {
    if (this.failLookup.has(task.id)) throw Object.assign(new Error('disk on fire'), { code: 'EIO' });
    const fingerprint = this.fingerprintOf(task, deps);
    const entry = this.entries.get(fingerprint);
    if (!entry) return { kind: 'miss', fingerprint, reasons: [`no entry for ${task.id}`] };
    return {
      kind: 'hit',
      fingerprint,
      durationMs: 1,
      restore: async () => void this.restored.push(task.id),
      async *readLog() {
        yield* entry.log;
      },
    };
  }

  async fingerprint(task: Task, deps: ReadonlyMap<TaskId, Fingerprint>): Promise<Fingerprint> {
    if (this.failLookup.has(task.id)) throw Object.assign(new Error('disk on fire'), { code: 'EIO' });
    this.fingerprinted.push(task.id);
    this.#fingerprinting++;
    this.mostFingerprintingAtOnce = Math.max(this.mostFingerprintingAtOnce, this.#fingerprinting);
    if (this.fingerprintMs > 0) await new Promise((resolve) => setTimeout(resolve, this.fingerprintMs));
    this.#fingerprinting--;
    return this.fingerprintOf(task, deps);
  }

  beforeRun(task: Task): void {
    this.beforeRuns.push(task.id);
  }

  async store(task: Task, fingerprint: Fingerprint, run: { durationMs: number; logFile: string }): Promise<void> {
    this.stored.push({ id: task.id, fingerprint, logFile: run.logFile });
  }

  async close() {
    return { entriesWritten: this.stored.length, bytesWritten: 0 };
  }
}
