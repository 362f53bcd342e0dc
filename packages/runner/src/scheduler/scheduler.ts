import type { CacheLookup, Fingerprint, TaskCache } from '../cache/task-cache.js';
import type { TaskExecutor } from '../executor/task-executor.js';
import type { TaskGraph } from '../graph/task-graph.js';
import type { RunEvent } from '../model/run-event.js';
import type { Task } from '../model/task.js';
import type { TaskId } from '../model/task-id.js';
import type { TaskResult } from '../model/task-result.js';
import { upwardRanks } from './critical-path.js';
import { LeftOutFingerprints } from './left-out-fingerprints.js';
import { ReadyQueue } from './ready-queue.js';
import { runAttempts } from './run-attempts.js';
import { memoryTaskLogs, type TaskLogs } from './task-log.js';
import { blankResult, exitOf, skippedResult, succeeded } from './task-results.js';

/** Cache lookups at once: each may hash many files, and a hit restores outputs; more would only contend for I/O. */
const LOOKUP_CONCURRENCY = 16;

export interface SchedulerOptions {
  graph: TaskGraph;
  executor: TaskExecutor;
  /** Attempts running at once. */
  concurrency: number;
  /** Run everything whose dependencies succeeded after a failure, instead of stopping. @default false */
  continueOnError?: boolean;
  /** Estimated duration of each task in ms; ranks the ready tasks (unknown ones count as 0). */
  estimates: ReadonlyMap<TaskId, number>;
  /** @default null (no cache) */
  cache?: TaskCache | null;
  /** @default memoryTaskLogs() */
  logs?: TaskLogs;
  /** Aborting kills every running task and skips the rest as `interrupted`; a `SIG…` string reason names the signal. */
  signal?: AbortSignal;
  emit(event: RunEvent): void;
  /** @default Date.now */
  now?: () => number;
}

export interface ScheduleResult {
  /** One per task, in the graph's order. */
  results: TaskResult[];
  interrupted: boolean;
  /** Duration of the passing attempt of every task that ran and passed (not restored): for the duration history. */
  measured: Map<TaskId, number>;
}

/**
 * Runs a task graph: event-driven (a task is ready the moment its dependencies succeeded — no level barriers), and
 * among ready tasks the one with the longest remaining critical path starts first.
 */
export function schedule(options: SchedulerOptions): Promise<ScheduleResult> {
  return new Schedule(options).run();
}

class Schedule {
  readonly #options: SchedulerOptions;
  readonly #graph: TaskGraph;
  readonly #cache: TaskCache | null;
  readonly #logs: TaskLogs;
  readonly #now: () => number;
  readonly #ready: ReadyQueue;
  readonly #results = new Map<TaskId, TaskResult>();
  readonly #waitingOn = new Map<TaskId, number>();
  readonly #fingerprints = new Map<TaskId, Fingerprint>();
  readonly #missReasons = new Map<TaskId, string[]>();
  readonly #attempts = new Set<AbortController>();
  readonly #stores: Array<Promise<unknown>> = [];
  readonly #measured = new Map<TaskId, number>();
  #running = 0;
  /** Lookups (and hit replays) in flight or queued; at most LOOKUP_CONCURRENCY run at once. */
  #lookups = 0;
  #lookupsActive = 0;
  readonly #lookupQueue: Array<() => void> = [];
  /** Under `only`: the fingerprints of the tasks it left out, for the kept tasks that depend on them. */
  readonly #leftOut: LeftOutFingerprints | undefined;
  /**
   * Tasks that lost a dependency to `only`, and every task after them: they run on whatever the left-out tasks last
   * left on disk, which their fingerprints do not vouch for, so they may hit but are never stored.
   */
  readonly #unvouched = new Set<TaskId>();
  #stopping: 'failure' | 'interrupted' | null = null;
  #interruptSignal: string | null = null;
  #terminating: Promise<void> = Promise.resolve();
  #done: () => void = () => {};

  constructor(options: SchedulerOptions) {
    this.#options = options;
    this.#graph = options.graph;
    this.#cache = options.cache ?? null;
    this.#logs = options.logs ?? memoryTaskLogs();
    this.#now = options.now ?? Date.now;
    const ranks = upwardRanks(options.graph, (id) => options.estimates.get(id) ?? 0);
    this.#ready = new ReadyQueue((id) => ranks.get(id) ?? 0);
    const cache = this.#cache;
    const wholeTasks = options.graph.wholeTasks;
    this.#leftOut =
      cache && wholeTasks
        ? new LeftOutFingerprints({
            wholeTasks,
            isKept: (id) => this.#graph.tasks.has(id),
            keptFingerprint: (id) => this.#fingerprints.get(id),
            // A stopping run fingerprints nothing more: the tasks waiting on these will not run.
            compute: (task, dependencies) =>
              this.#limited(async () =>
                this.#stopping ? undefined : this.#tryCache(`fingerprint ${task.id} (left out by --only)`, () => cache.fingerprint(task, dependencies)),
              ),
          })
        : undefined;
  }

  async run(): Promise<ScheduleResult> {
    const finished = new Promise<void>((resolve) => (this.#done = resolve));
    const { signal } = this.#options;
    const onAbort = () => this.#interrupt(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      if (signal?.aborted) this.#interrupt(signal.reason);
      for (const [id, task] of this.#graph.tasks) {
        this.#waitingOn.set(id, task.dependencies.filter((dep) => this.#graph.tasks.has(dep)).length);
      }
      for (const [id, count] of this.#waitingOn) if (count === 0) this.#dependenciesDone(id);
      this.#settle();
      await finished;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    await Promise.all(this.#stores);
    await this.#terminating;

    const reason = this.#stopping === 'interrupted' ? 'interrupted' : 'run-aborted';
    for (const task of this.#graph.tasks.values()) {
      if (!this.#results.has(task.id)) this.#finish(skippedResult(task, reason));
    }
    return {
      results: [...this.#graph.tasks.keys()].map((id) => this.#results.get(id)!),
      interrupted: this.#stopping === 'interrupted',
      measured: this.#measured,
    };
  }

  #dependenciesDone(id: TaskId): void {
    if (this.#stopping || this.#results.has(id)) return;
    const task = this.#graph.tasks.get(id)!;
    // Every dependency has finished here, so theirs is known. Only a store asks, so only a run with a cache keeps it.
    if (this.#cache && (task.leftOut !== undefined || task.dependencies.some((dependency) => this.#unvouched.has(dependency)))) this.#unvouched.add(id);
    if (this.#cache && task.leftOut !== undefined) {
      this.#lookups++;
      void this.#lookUpLeftOut(this.#cache, task);
      return;
    }
    if (this.#cache) {
      const dependencyFingerprints = new Map<TaskId, Fingerprint>();
      for (const dep of task.dependencies) {
        const fingerprint = this.#fingerprints.get(dep);
        if (fingerprint !== undefined) dependencyFingerprints.set(dep, fingerprint);
      }
      // A dependency without a fingerprint (its lookup failed, or it is in another shard) makes this task uncacheable.
      if (dependencyFingerprints.size === task.dependencies.length) {
        const cache = this.#cache;
        this.#lookups++;
        this.#lookupQueue.push(() => void this.#lookUp(cache, task, dependencyFingerprints));
        this.#startLookups();
        return;
      }
    }
    this.#ready.push(id);
  }

  /**
   * A task that lost dependencies to `only` looks up the entry a whole run would, once the tasks it lost are
   * fingerprinted; without their fingerprints (no whole graph, a failure) it runs uncached: a hit could replay a result
   * built on other inputs. Counted in `#lookups` from the call on.
   */
  async #lookUpLeftOut(cache: TaskCache, task: Task): Promise<void> {
    // Failures are warned about inside (compute); the catch only keeps a bug here from stalling the run.
    const dependencyFingerprints = this.#stopping ? undefined : await this.#leftOut?.dependencyFingerprints(task).catch(() => undefined);
    if (dependencyFingerprints !== undefined && !this.#stopping) {
      this.#lookupQueue.push(() => void this.#lookUp(cache, task, dependencyFingerprints));
      this.#startLookups();
      return;
    }
    if (!this.#stopping) this.#ready.push(task.id);
    this.#lookups--;
    this.#settle();
  }

  async #lookUp(cache: TaskCache, task: Task, dependencyFingerprints: Map<TaskId, Fingerprint>): Promise<void> {
    try {
      if (this.#stopping) return;
      const lookup = await this.#tryCache(`look up ${task.id} in the cache`, () =>
        cache.lookup(task, dependencyFingerprints),
      );
      if (this.#stopping) return;
      if (lookup) {
        this.#fingerprints.set(task.id, lookup.fingerprint);
        if (lookup.kind === 'miss') this.#missReasons.set(task.id, lookup.reasons);
        else if (await this.#replay(task, lookup)) return;
      }
      if (!this.#stopping) this.#ready.push(task.id);
    } finally {
      this.#lookups--;
      this.#lookupsActive--;
      this.#startLookups();
      this.#settle();
    }
  }

  /** Runs `job` as one of the LOOKUP_CONCURRENCY lookups at once. */
  #limited<T>(job: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#lookupQueue.push(() => {
        void job()
          .then(resolve, reject)
          .finally(() => {
            this.#lookupsActive--;
            this.#startLookups();
          });
      });
      this.#startLookups();
    });
  }

  #startLookups(): void {
    while (this.#lookupsActive < LOOKUP_CONCURRENCY && this.#lookupQueue.length > 0) {
      this.#lookupsActive++;
      this.#lookupQueue.shift()!();
    }
  }

  /** Restores a hit's outputs and replays its log; false when the entry could not be restored (run it instead). */
  async #replay(task: Task, hit: Extract<CacheLookup, { kind: 'hit' }>): Promise<boolean> {
    const start = this.#now();
    const restored = await this.#tryCache(`restore ${task.id} from the cache`, async () => (await hit.restore(), true));
    if (!restored) {
      this.#missReasons.set(task.id, ['the cached entry could not be restored']);
      return false;
    }
    const log = hit.logFile === undefined ? this.#logs.open(task) : this.#logs.replay(task, hit.logFile);
    try {
      await this.#tryCache(`replay the cached log of ${task.id}`, async () => {
        for await (const line of hit.readLog()) {
          log.write(line);
          this.#emit({ type: 'task-output', id: task.id, stream: 'stdout', line, time: this.#now(), replayed: true });
        }
      });
    } finally {
      log.close();
    }
    const end = this.#now();
    this.#finish({
      ...blankResult(task, 'success'),
      startTime: start,
      endTime: end,
      durationMs: end - start,
      cache: 'hit',
      logFile: log.file,
      logTail: log.tail(),
    });
    return true;
  }

  #pump(): void {
    while (!this.#stopping && this.#running < this.#options.concurrency) {
      const id = this.#ready.pop();
      if (id === undefined) break;
      this.#running++;
      void this.#execute(this.#graph.tasks.get(id)!);
    }
  }

  async #execute(task: Task): Promise<void> {
    this.#cache?.beforeRun(task);
    const log = this.#logs.open(task);
    const { outcome, attempts, firstStart, lastStart, failedAttempts, lastAttemptLogOffset } = await runAttempts(task, {
      executor: this.#options.executor,
      log,
      emit: (event) => this.#emit(event),
      now: this.#now,
      running: this.#attempts,
      interrupted: () => this.#stopping === 'interrupted',
    });
    log.close();

    const end = this.#now();
    const passed = succeeded(outcome);
    if (outcome.kind === 'crashed' && this.#stopping !== 'interrupted') {
      this.#emit({
        type: 'warning',
        code: 'ERR_WORKER_CRASHED',
        message: `The worker running ${task.id} died: ${outcome.message}`,
      });
    }
    const fingerprint = this.#fingerprints.get(task.id);
    const missReasons = this.#missReasons.get(task.id);
    const start = firstStart ?? lastStart;
    const result: TaskResult = {
      ...blankResult(task, passed ? 'success' : 'failed'),
      ...exitOf(outcome, this.#stopping === 'interrupted' ? this.#interruptSignal : null),
      timedOut: outcome.kind === 'timed-out',
      worker: outcome.worker,
      pid: outcome.pid,
      startTime: start,
      endTime: end,
      durationMs: end - start,
      attempts,
      failedAttempts,
      ...(failedAttempts.length > 0 ? { lastAttemptStartTime: lastStart } : {}),
      flaky: passed && failedAttempts.length > 0,
      cache: fingerprint === undefined ? 'off' : 'miss',
      ...(missReasons === undefined ? {} : { cacheMissReasons: missReasons }),
      logFile: log.file,
      logTail: log.tail(),
    };

    if (passed) {
      this.#measured.set(task.id, end - lastStart);
      const cache = this.#cache;
      // An unvouched task's result is not stored: a whole run with the same fingerprint would replay it. Its hits are
      // sound, replaying what a whole run stored.
      const storable = task.config.cache !== false && !this.#unvouched.has(task.id);
      if (cache && fingerprint !== undefined && storable && log.file !== null) {
        const logFile = log.file;
        // A flaky task's entry keeps the passing attempt's output: a hit replays what the cached result printed.
        const run = { durationMs: end - lastStart, logFile, ...(lastAttemptLogOffset > 0 ? { logFrom: lastAttemptLogOffset } : {}) };
        this.#stores.push(this.#tryCache(`store ${task.id} in the cache`, () => cache.store(task, fingerprint, run)));
      }
    }
    this.#running--;
    this.#finish(result);
    this.#settle();
  }

  #finish(result: TaskResult): void {
    this.#results.set(result.id, result);
    this.#emit({ type: 'task-finished', result });
    if (result.status === 'success') {
      for (const dependent of this.#graph.dependents.get(result.id) ?? []) {
        const count = this.#waitingOn.get(dependent);
        if (count === undefined) continue;
        this.#waitingOn.set(dependent, count - 1);
        if (count === 1) this.#dependenciesDone(dependent);
      }
    } else if (result.status === 'failed' && this.#stopping !== 'interrupted') {
      this.#skipDependents(result.id);
      if (!this.#options.continueOnError && !this.#stopping) this.#stopping = 'failure';
    }
  }

  #skipDependents(id: TaskId): void {
    for (const dependent of this.#graph.dependents.get(id) ?? []) {
      const task = this.#graph.tasks.get(dependent);
      if (!task || this.#results.has(dependent)) continue;
      this.#finish(skippedResult(task, 'dependency-failed'));
      this.#skipDependents(dependent);
    }
  }

  #interrupt(reason: unknown): void {
    if (this.#stopping === 'interrupted') return;
    this.#stopping = 'interrupted';
    this.#interruptSignal = typeof reason === 'string' && reason.startsWith('SIG') ? reason : 'SIGTERM';
    // Terminate first: aborting a single call first could make the pool replace the worker it kills.
    this.#terminating = this.#options.executor.terminate().catch((error: unknown) => {
      this.#emit({ type: 'warning', code: 'ERR_RUNNER_TERMINATE', message: `Stopping the workers failed: ${messageOf(error)}` });
    });
    for (const controller of this.#attempts) controller.abort(reason);
    this.#settle();
  }

  #settle(): void {
    this.#pump();
    if (this.#running === 0 && this.#lookups === 0 && (this.#stopping !== null || this.#ready.size === 0)) this.#done();
  }

  /** A cache failure is a warning and the task runs uncached: the cache must never fail a build. */
  async #tryCache<T>(what: string, action: () => Promise<T>): Promise<T | undefined> {
    try {
      return await action();
    } catch (error) {
      this.#emit({
        type: 'warning',
        code: codeOf(error) ?? 'ERR_RUNNER_CACHE',
        message: `Could not ${what}: ${messageOf(error)}`,
        hint: 'The task runs uncached; `fanout cache clean` removes a damaged cache.',
      });
      return undefined;
    }
  }

  #emit(event: RunEvent): void {
    this.#options.emit(event);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
