import type { Fingerprint } from '../cache/task-cache.js';
import type { Task } from '../model/task.js';
import type { TaskId } from '../model/task-id.js';

export interface LeftOutFingerprintsOptions {
  /** The graph before `only` cut it (TaskGraph.wholeTasks). */
  wholeTasks: ReadonlyMap<TaskId, Task>;
  /** Whether the run runs this task (a kept task) rather than leaving it out. */
  isKept(id: TaskId): boolean;
  /** A kept task's fingerprint, once its lookup made one; undefined when it has none (a failed lookup). */
  keptFingerprint(id: TaskId): Fingerprint | undefined;
  /** Fingerprints a left-out task from its dependencies' fingerprints; undefined when that failed (warned). */
  compute(task: Task, dependencyFingerprints: ReadonlyMap<TaskId, Fingerprint>): Promise<Fingerprint | undefined>;
}

/**
 * The dependency fingerprints of a kept task that lost dependencies to `only`, as a whole run would have made them:
 * a left-out task's fingerprint depends only on its inputs and its own dependencies' fingerprints, never on running
 * it, so `fanout run test --only` hits the entries `fanout run build test` stored (turbo hashes its whole graph the
 * same way). Each left-out task is fingerprinted once, however many kept tasks wait on it.
 *
 * Every kept task a left-out one depends on is among the dependencies of the kept tasks above it (keepOnly looks
 * through left-out tasks), so it has finished, and has its fingerprint, before they ask.
 */
export class LeftOutFingerprints {
  readonly #options: LeftOutFingerprintsOptions;
  readonly #memo = new Map<TaskId, Promise<Fingerprint | undefined>>();

  constructor(options: LeftOutFingerprintsOptions) {
    this.#options = options;
  }

  /** The fingerprints of `task`'s dependencies as planned, or undefined if one is missing (the task runs uncached). */
  async dependencyFingerprints(task: Task): Promise<Map<TaskId, Fingerprint> | undefined> {
    const planned = this.#options.wholeTasks.get(task.id);
    if (planned === undefined) return undefined;
    return this.#fingerprintsOf(planned.dependencies);
  }

  async #fingerprintsOf(ids: readonly TaskId[]): Promise<Map<TaskId, Fingerprint> | undefined> {
    const fingerprints = await Promise.all(ids.map((id) => this.#fingerprintOf(id)));
    const found = new Map<TaskId, Fingerprint>();
    for (const [at, id] of ids.entries()) {
      const fingerprint = fingerprints[at];
      if (fingerprint === undefined) return undefined;
      found.set(id, fingerprint);
    }
    return found;
  }

  #fingerprintOf(id: TaskId): Promise<Fingerprint | undefined> {
    if (this.#options.isKept(id)) return Promise.resolve(this.#options.keptFingerprint(id));
    let fingerprint = this.#memo.get(id);
    if (fingerprint === undefined) {
      fingerprint = this.#leftOutFingerprint(id);
      this.#memo.set(id, fingerprint);
    }
    return fingerprint;
  }

  async #leftOutFingerprint(id: TaskId): Promise<Fingerprint | undefined> {
    // Each level of a chain of left-out tasks continues in a microtask, not a nested call: no stack depth limit.
    await Promise.resolve();
    const task = this.#options.wholeTasks.get(id);
    if (task === undefined) return undefined;
    const dependencies = await this.#fingerprintsOf(task.dependencies);
    return dependencies === undefined ? undefined : this.#options.compute(task, dependencies);
  }
}
