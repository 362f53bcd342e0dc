import type { SpawnWorker, WorkerSettings } from './backend.js';
import { PoolError } from './errors.js';
import type { LogEntry } from './options.js';
import type { InitRequest } from './protocol.js';
import type { Task } from './task.js';
import { TaskQueue } from './task.js';
import { WorkerSlot } from './worker-slot.js';

/** Permission to submit tasks, taken when a call is accepted and released when it has submitted all. */
export interface Lease {
  submit(task: Task): void;
  release(): void;
  /** A lazy call (imap) starts consuming its input; throws if `close()` revoked the lease first. */
  begin(): void;
  /** Withdraws the lease: later submissions are refused. */
  revoke(): void;
}

export interface EngineOptions {
  readonly processes: number;
  readonly worker: WorkerSettings;
  readonly init: Promise<InitRequest>;
  readonly maxTasksPerChild: number | undefined;
  readonly onLog: ((entry: LogEntry) => void) | undefined;
  readonly spawn: SpawnWorker;
}

// Worker names count up across all pools of this process, as Python's do.
let workerCounter = 0;

function forward(entry: LogEntry): void {
  (entry.stream === 'stdout' ? process.stdout : process.stderr).write(`${entry.line}\n`);
}

/**
 * Keeps `processes` workers alive and feeds them tasks in FIFO order. States: running → closed
 * (drains, then workers exit) or terminated (workers killed); broken when start-up failed.
 */
export class Engine {
  state: 'running' | 'closed' | 'terminated' = 'running';
  readonly #options: EngineOptions;
  readonly #queue = new TaskQueue();
  readonly #slots = new Set<WorkerSlot>();
  readonly #retiring = new Set<Promise<void>>();
  #broken: PoolError | undefined;
  #drained: Promise<void> | undefined;
  #resolveDrained: (() => void) | undefined;
  #leases = 0;
  /** Leases of imap calls whose iteration has not begun: close() revokes them, or join() would wait forever. */
  readonly #unstarted = new Set<Lease>();
  /** Told when close() is called: imap calls that began submit the rest of their input, as Python's already had. */
  readonly #closeListeners = new Set<() => void>();
  #terminating: Promise<void> | undefined;

  constructor(options: EngineOptions) {
    this.#options = options;
    for (let i = 0; i < options.processes; i++) this.#addSlot();
  }

  /** PIDs of the current workers (for tests and diagnostics). */
  get pids(): number[] {
    return [...this.#slots].map((slot) => slot.handle.pid);
  }

  /**
   * Reserves the right to submit tasks: a call accepted before `close()` may still submit its chunks after
   * it (map collects its input asynchronously; imap pulls lazily). Throws the refusal if none is possible.
   */
  lease(options: { untilStarted?: boolean } = {}): Lease {
    const refusal = this.refusal();
    if (refusal) throw refusal;
    this.#leases++;
    let released = false;
    let revoked = false;
    const lease: Lease = {
      submit: (task) => {
        if (revoked) {
          task.state = 'done';
          task.settle({ ok: false, error: this.refusal() });
        } else this.#submit(task);
      },
      release: () => {
        this.#unstarted.delete(lease);
        if (released) return;
        released = true;
        this.#leases--;
        this.#pump();
      },
      begin: () => {
        if (revoked) throw this.refusal() ?? new PoolError('ERR_POOL_CLOSED', 'Cannot iterate: the pool was closed before this imap began');
        this.#unstarted.delete(lease);
      },
      revoke: () => {
        revoked = true;
        lease.release();
      },
    };
    if (options.untilStarted) this.#unstarted.add(lease);
    return lease;
  }

  #submit(task: Task): void {
    const refusal = this.#broken ?? (this.state === 'terminated' ? this.refusal() : undefined);
    if (refusal) {
      task.state = 'done';
      task.settle({ ok: false, error: refusal });
      return;
    }
    if (task.signal?.aborted) {
      task.state = 'done';
      task.settle({ ok: false, error: task.signal.reason });
      return;
    }
    const signal = task.signal;
    if (signal) {
      const onAbort = (): void => {
        if (task.state !== 'queued') return;
        task.state = 'done';
        settle({ ok: false, error: signal.reason });
      };
      // Callers may share one signal across many calls: drop the listener once the task is over.
      const settle = task.settle.bind(task);
      task.settle = (outcome) => {
        signal.removeEventListener('abort', onAbort);
        settle(outcome);
      };
      signal.addEventListener('abort', onAbort, { once: true });
    }
    this.#queue.push(task);
    this.#pump();
  }

  /** Why a new task would be refused right now, if it would. */
  refusal(): PoolError | undefined {
    if (this.#broken) return this.#broken;
    if (this.state !== 'running') {
      return new PoolError('ERR_POOL_CLOSED', `Cannot submit work: the pool is ${this.state}`, { hint: 'Create a new Pool.' });
    }
    return undefined;
  }

  /** Removes a queued task without running it. */
  cancel(task: Task): void {
    if (task.state === 'queued') task.state = 'done';
  }

  /** Terminated, or broken at start-up: every further submission is refused. */
  get halted(): boolean {
    return this.state === 'terminated' || this.#broken !== undefined;
  }

  /** Calls `listener` once when the pool is closed; returns a function that unsubscribes. */
  onClose(listener: () => void): () => void {
    this.#closeListeners.add(listener);
    return () => this.#closeListeners.delete(listener);
  }

  close(): void {
    if (this.state === 'running') this.state = 'closed';
    for (const lease of [...this.#unstarted]) lease.revoke();
    const listeners = [...this.#closeListeners];
    this.#closeListeners.clear();
    for (const listener of listeners) listener();
    this.#pump();
  }

  terminate(): Promise<void> {
    this.#terminating ??= this.#terminate();
    return this.#terminating;
  }

  async #terminate(): Promise<void> {
    this.state = 'terminated';
    for (const lease of [...this.#unstarted]) lease.revoke();
    const error = new PoolError('ERR_POOL_TERMINATED', 'The pool was terminated before this task finished');
    for (const task of this.#queue.drain()) {
      task.state = 'done';
      task.settle({ ok: false, error });
    }
    const slots = [...this.#slots];
    this.#slots.clear();
    await Promise.all([...slots.map((slot) => slot.dispose(true, error)), ...this.#retiring]);
    this.#resolveDrained?.();
  }

  /** Settles when every worker has exited after `close()` or `terminate()`. */
  join(): Promise<void> {
    if (this.state === 'running') {
      return Promise.reject(new PoolError('ERR_POOL_RUNNING', 'Cannot join a running pool', { hint: 'Call `close()` or `terminate()` first, as in Python.' }));
    }
    if (this.#terminating) return this.#terminating;
    this.#drained ??= new Promise<void>((resolve) => (this.#resolveDrained = resolve));
    this.#pump();
    return this.#drained;
  }

  #addSlot(): void {
    const slot = new WorkerSlot(
      {
        spawn: this.#options.spawn,
        worker: this.#options.worker,
        init: this.#options.init,
        log: this.#options.onLog ?? forward,
        idle: (s) => this.#idle(s),
        ready: () => this.#pump(),
        gone: (s) => this.#gone(s),
        failedToStart: (s, error) => this.#failedToStart(s, error),
        requeue: (task) => this.#requeue(task),
      },
      `PoolWorker-${++workerCounter}`,
    );
    this.#slots.add(slot);
  }

  #idle(slot: WorkerSlot): void {
    const max = this.#options.maxTasksPerChild;
    if (max !== undefined && slot.tasksRun >= max) {
      this.#retire(slot, false);
      if (this.state !== 'terminated') this.#addSlot();
    }
    this.#pump();
  }

  #gone(slot: WorkerSlot): void {
    if (!this.#slots.has(slot)) return;
    this.#retire(slot, true);
    if (!this.#broken && (this.state === 'running' || (this.state === 'closed' && !this.#queue.isEmpty))) this.#addSlot();
    this.#pump();
  }

  #retire(slot: WorkerSlot, force: boolean): void {
    this.#slots.delete(slot);
    const done = slot.dispose(force, undefined).finally(() => {
      this.#retiring.delete(done);
      this.#pump();
    });
    this.#retiring.add(done);
  }

  #requeue(task: Task): void {
    const refusal = this.#broken ?? (this.state === 'terminated' ? new PoolError('ERR_POOL_TERMINATED', 'The pool was terminated before this task finished') : undefined);
    if (refusal) {
      task.state = 'done';
      task.settle({ ok: false, error: refusal });
      return;
    }
    task.state = 'queued';
    this.#queue.unshift(task);
    this.#pump();
  }

  #failedToStart(slot: WorkerSlot, error: PoolError): void {
    this.#broken ??= error;
    this.#slots.delete(slot);
    for (const task of this.#queue.drain()) {
      task.state = 'done';
      task.settle({ ok: false, error: this.#broken });
    }
    this.#pump();
  }

  #pump(): void {
    for (const slot of this.#slots) {
      if (this.#queue.isEmpty) break;
      if (slot.state !== 'idle') continue;
      const task = this.#queue.shift();
      if (task) slot.run(task);
    }
    // Then keep busy workers fed, so none waits a round trip for its next small task; not at the tail of the
    // queue, where a task parked behind a long one would wait while another worker idles.
    for (const slot of this.#slots) {
      if (this.#queue.roughSize < this.#slots.size) break;
      const next = this.#queue.peek();
      if (next === undefined) break;
      if (slot.canQueue(next, this.#options.maxTasksPerChild)) slot.run(this.#queue.shift()!);
    }
    if (this.state === 'closed' && this.#leases === 0 && this.#queue.isEmpty && ![...this.#slots].some((s) => s.state === 'busy' || s.state === 'starting')) {
      for (const slot of [...this.#slots]) this.#retire(slot, false);
      if (this.#retiring.size === 0) this.#resolveDrained?.();
    }
  }
}
