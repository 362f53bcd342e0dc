import type { SpawnWorker, WorkerExit, WorkerHandle, WorkerSettings } from './backend.js';
import { TERMINATE_TIMEOUT_MS } from './constants.js';
import { PoolError } from './errors.js';
import { INIT_MARKER_ID } from './end-marker.js';
import { captureLines } from './line-capture.js';
import type { StreamName } from './line-capture.js';
import type { LogEntry } from './options.js';
import { METHOD_INIT, METHOD_RUN } from './protocol.js';
import type { InitRequest, RunReply } from './protocol.js';
import { deserializeThrown } from './serialize-error.js';
import type { SerializedThrown } from './serialize-error.js';
import type { Task, TaskOutcome } from './task.js';

export interface SlotHost {
  readonly spawn: SpawnWorker;
  /** How the worker starts; with `capture`, its output comes with end markers per task (see PoolOptions.captureOutput). */
  readonly worker: WorkerSettings;
  readonly init: Promise<InitRequest>;
  /** Where lines go that no task's own `onLog` takes. */
  log(entry: LogEntry): void;
  /** The slot finished a task (or its start-up) and can take another. */
  idle(slot: WorkerSlot): void;
  /** A busy slot finished a task and started the next one it held: it can be sent another behind it. */
  ready(slot: WorkerSlot): void;
  /** A task sent behind one that crashed never ran: queue it again. */
  requeue(task: Task): void;
  /** The slot's worker is gone or going (crash, kill, retirement); the host replaces it. */
  gone(slot: WorkerSlot): void;
  /** The worker could not start: initializer or `tasks` import failed, or it died while starting. */
  failedToStart(slot: WorkerSlot, error: PoolError): void;
}

function crashError(handle: WorkerHandle, exit: WorkerExit, taskId: number): PoolError {
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.exitCode}`;
  return new PoolError('ERR_WORKER_CRASHED', `Worker ${handle.name} (pid ${handle.pid}) ${how} while running task ${taskId}`, {
    pid: handle.pid,
    exitCode: exit.exitCode,
    signal: exit.signal,
    hint: 'The task was lost; a new worker replaced this one and the pool keeps running.',
  });
}

/**
 * Tasks a busy worker may hold in flight (running + waiting in the worker), hiding the IPC round trip
 * between small chunks, as Python's pool does. Only `map`/`starmap` chunks without `signal` or `timeout`
 * wait in a worker: a task that was sent cannot be withdrawn, a timeout must count from its real start,
 * and a task parked behind a long one while another worker idles would cost imap/apply their balance.
 */
const PIPELINE_DEPTH = 2;

function pipelinable(task: Task): boolean {
  return task.pipelinable && task.signal === undefined && task.timeout === undefined;
}

/** One worker's lifetime: starting → idle ⇄ busy → gone. Runs one task at a time. */
export class WorkerSlot {
  readonly handle: WorkerHandle;
  state: 'starting' | 'idle' | 'busy' | 'gone' = 'starting';
  tasksRun = 0;
  readonly #host: SlotHost;
  /** Tasks sent to the worker, in the order it runs them; the head is running. */
  readonly #inFlight: Task[] = [];
  /** In-flight tasks whose reply arrived (they wait only for their output). */
  readonly #replied = new Set<number>();
  #timer: NodeJS.Timeout | undefined;
  #onAbort: (() => void) | undefined;
  /** Why the running task is being stopped (timeout, abort, terminate), if it is. */
  #stopReason: unknown;
  readonly #markers = new Map<number, { streams: Set<StreamName>; done: () => void }>();
  readonly #outputClosed: Promise<void>;
  readonly #capture: boolean;

  constructor(host: SlotHost, name: string) {
    this.#host = host;
    this.handle = host.spawn({ ...host.worker, name });
    this.#capture = host.worker.capture;
    this.#outputClosed = this.#capture
      ? captureLines(this.handle.stdout, this.handle.stderr, {
          line: (stream, line) => this.#line(stream, line),
          marker: (stream, taskId) => this.#marker(stream, taskId),
        })
      : Promise.resolve();
    void this.#start();
  }

  get name(): string {
    return this.handle.name;
  }

  async #start(): Promise<void> {
    let failure: PoolError | undefined;
    let init: InitRequest;
    try {
      init = await this.#host.init;
    } catch (cause) {
      failure = new PoolError('ERR_INITIALIZER_FAILED', `The initializer cannot be sent to workers: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
      this.state = 'gone';
      this.#host.failedToStart(this, failure);
      void this.handle.kill();
      return;
    }
    try {
      // Start-up output travels on the pipes, the reply on the IPC channel: the reply can come first, and a task sent
      // then would own the start-up's lines. So the slot waits for the start-up's end markers too.
      const initMarkers = this.#capture ? new Promise<void>((done) => this.#markers.set(INIT_MARKER_ID, { streams: new Set(), done })) : undefined;
      const reply = (await this.handle.call(METHOD_INIT, [init])) as { error?: SerializedThrown };
      if (initMarkers) await Promise.race([initMarkers, this.#outputClosed]);
      this.#markers.delete(INIT_MARKER_ID);
      if (reply.error !== undefined) {
        const cause = deserializeThrown(reply.error);
        const what = init.initializer ? 'initializer' : '`tasks` module';
        failure = new PoolError('ERR_INITIALIZER_FAILED', `The ${what} failed in worker ${this.name} (pid ${this.handle.pid}): ${cause instanceof Error ? cause.message : String(cause)}`, {
          cause,
          pid: this.handle.pid,
          hint: 'Fix the initializer (or the tasks module); the pool does not respawn workers whose start-up fails.',
        });
      }
    } catch (cause) {
      if (this.state === 'gone') return;
      const exit = await this.handle.exited;
      failure = new PoolError('ERR_INITIALIZER_FAILED', `Worker ${this.name} (pid ${this.handle.pid}) died while starting (${exit.signal ?? `exit code ${exit.exitCode}`})`, {
        cause,
        pid: this.handle.pid,
        exitCode: exit.exitCode,
        signal: exit.signal,
      });
    }
    if (this.state === 'gone') return;
    if (failure) {
      this.state = 'gone';
      this.#host.failedToStart(this, failure);
      void this.handle.kill();
      return;
    }
    this.state = 'idle';
    this.handle.setKeepAlive(false);
    this.#host.idle(this);
  }

  /** Whether this busy worker can take `task` behind the ones it is running (see PIPELINE_DEPTH). */
  canQueue(task: Task, maxTasksPerChild: number | undefined): boolean {
    return (
      this.state === 'busy' &&
      this.#inFlight.length < PIPELINE_DEPTH &&
      pipelinable(task) &&
      this.#inFlight.every(pipelinable) &&
      (maxTasksPerChild === undefined || this.tasksRun < maxTasksPerChild)
    );
  }

  /**
   * Sends `task` to this worker. The worker runs its tasks one at a time in arrival order; a task settles only
   * after every line it wrote was delivered (its end marker was read on both pipes).
   */
  run(task: Task): void {
    this.state = 'busy';
    task.state = 'running';
    this.tasksRun++;
    this.handle.setKeepAlive(true);
    // Without capture the worker writes no markers: its output went straight to our stdout/stderr before it replied.
    const markersSeen = this.#capture ? new Promise<void>((done) => this.#markers.set(task.id, { streams: new Set(), done })) : undefined;
    this.#inFlight.push(task);
    if (this.#inFlight.length === 1) this.#begin(task);
    void this.handle.call(METHOD_RUN, [task.request]).then(
      async (reply) => {
        if (this.#stopReason !== undefined && this.#inFlight[0] === task) {
          // Stopped while running (timeout, abort, terminate): the kill ends it, even when the worker got a reply
          // out first (a script killed with the group can be reported by its worker before the worker goes).
          await this.handle.exited;
          await this.#outputAfterExit();
          this.#finish(task, { ok: false, error: this.#stopReason });
          return;
        }
        this.#replied.add(task.id);
        if (markersSeen) await Promise.race([markersSeen, this.#outputClosed]);
        this.#replied.delete(task.id);
        this.#finish(task, { ok: true, reply: reply as RunReply });
      },
      async () => {
        // Decided now, before anything settles: the worker was running the first task that had not replied.
        const wasRunning = this.#inFlight.find((t) => !this.#replied.has(t.id)) === task;
        const exit = await this.handle.exited;
        await this.#outputAfterExit();
        if (!wasRunning) {
          // Sent behind the task that died, never started: it goes back to the queue.
          this.#drop(task);
          this.#host.requeue(task);
          return;
        }
        this.#finish(task, { ok: false, error: this.#stopReason ?? crashError(this.handle, exit, task.id) });
      },
    );
  }

  /** The task at the head is the one the worker runs: start its clock and tell its caller. */
  #begin(task: Task): void {
    if (task.timeout !== undefined) {
      const limit = task.timeout;
      this.#timer = setTimeout(() => {
        this.stopTask(
          new PoolError('ERR_TASK_TIMEOUT', `Task ${task.id} timed out after ${limit} ms on worker ${this.name} (pid ${this.handle.pid})`, {
            pid: this.handle.pid,
            timeout: limit,
            hint: 'Raise `timeout`, or split the work; the worker and everything it spawned were killed and replaced.',
          }),
        );
      }, limit);
    }
    if (task.signal) {
      const signal = task.signal;
      this.#onAbort = () => this.stopTask(signal.reason);
      signal.addEventListener('abort', this.#onAbort, { once: true });
    }
    try {
      task.onStart?.({ worker: this.name, pid: this.handle.pid, taskId: task.id });
    } catch {
      // A throwing observer must not break the pool.
    }
  }

  #drop(task: Task): void {
    const index = this.#inFlight.indexOf(task);
    if (index !== -1) this.#inFlight.splice(index, 1);
    this.#markers.delete(task.id);
    if (index === 0) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      if (this.#onAbort) task.signal?.removeEventListener('abort', this.#onAbort);
      this.#onAbort = undefined;
    }
  }

  #finish(task: Task, outcome: TaskOutcome): void {
    this.#drop(task);
    task.state = 'done';
    task.settle(outcome);
    const next = this.#inFlight[0];
    if (outcome.ok && this.state === 'busy') {
      if (next) {
        this.#begin(next);
        // Refill the pipeline now: waiting until the worker runs dry would leave it a round trip idle every
        // PIPELINE_DEPTH tasks.
        this.#host.ready(this);
        return;
      }
      this.state = 'idle';
      this.handle.setKeepAlive(false);
      this.#host.idle(this);
    } else if (this.state !== 'gone') {
      this.state = 'gone';
      this.#host.gone(this);
    }
  }

  /** Kills the worker running the current task; the task rejects with `reason`. */
  stopTask(reason: unknown): void {
    if (this.#inFlight.length === 0 || this.#stopReason !== undefined) return;
    this.#stopReason = reason;
    this.state = 'gone';
    this.#host.gone(this);
    void this.handle.kill();
  }

  /** Ends this worker: gracefully when idle, by killing it when `force`. Running tasks reject with `reason`. */
  async dispose(force: boolean, reason: unknown): Promise<void> {
    if (this.#inFlight.length > 0 && this.#stopReason === undefined) this.#stopReason = reason;
    this.state = 'gone';
    if (force || this.#inFlight.length > 0) await this.handle.kill();
    else await this.handle.stop();
    await this.#outputAfterExit();
  }

  #marker(stream: StreamName, taskId: number): void {
    const waiting = this.#markers.get(taskId);
    if (!waiting) return;
    waiting.streams.add(stream);
    if (waiting.streams.size === 2) waiting.done();
  }

  #line(stream: StreamName, line: string): void {
    // The worker runs its tasks in order and ends each with a marker per stream: a line belongs to the
    // first task whose marker has not yet been read on this stream.
    const task = this.#inFlight.find((t) => !this.#markers.get(t.id)?.streams.has(stream));
    const entry: LogEntry = { pid: this.handle.pid, worker: this.name, stream, line, time: Date.now(), taskId: task?.id ?? null };
    try {
      if (task?.onLog) task.onLog(entry);
      else this.#host.log(entry);
    } catch {
      // A throwing log handler must not break the pool.
    }
  }

  /** The pipes close once the worker's group is gone; a grandchild that escaped the group may hold them open. */
  async #outputAfterExit(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.#outputClosed, new Promise<void>((resolve) => (timer = setTimeout(resolve, TERMINATE_TIMEOUT_MS)))]);
    clearTimeout(timer);
  }
}
