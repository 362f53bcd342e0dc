import type { SpawnWorker, WorkerExit, WorkerHandle } from './backend.js';
import { TERMINATE_TIMEOUT_MS } from './constants.js';
import { PoolError } from './errors.js';
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
  readonly workerType: 'process' | 'thread';
  readonly init: Promise<InitRequest>;
  /** Where lines go that no task's own `onLog` takes. */
  log(entry: LogEntry): void;
  /** The slot finished a task (or its start-up) and can take another. */
  idle(slot: WorkerSlot): void;
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

/** One worker's lifetime: starting → idle ⇄ busy → gone. Runs one task at a time. */
export class WorkerSlot {
  readonly handle: WorkerHandle;
  state: 'starting' | 'idle' | 'busy' | 'gone' = 'starting';
  tasksRun = 0;
  readonly #host: SlotHost;
  #current: Task | undefined;
  /** Why the running task is being stopped (timeout, abort, terminate), if it is. */
  #stopReason: unknown;
  readonly #markers = new Map<number, { count: number; done: () => void }>();
  readonly #outputClosed: Promise<void>;

  constructor(host: SlotHost, name: string) {
    this.#host = host;
    this.handle = host.spawn({ workerType: host.workerType, name, capture: true });
    this.#outputClosed = captureLines(this.handle.stdout, this.handle.stderr, {
      line: (stream, line) => this.#line(stream, line),
      marker: (_stream, taskId) => this.#marker(taskId),
    });
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
      const reply = (await this.handle.call(METHOD_INIT, [init])) as { error?: SerializedThrown };
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

  /** Runs `task` on this (idle) worker; the task settles only after all its output lines were delivered. */
  run(task: Task): void {
    this.state = 'busy';
    this.#current = task;
    this.#stopReason = undefined;
    task.state = 'running';
    this.tasksRun++;
    this.handle.setKeepAlive(true);
    let timer: NodeJS.Timeout | undefined;
    if (task.timeout !== undefined) {
      const limit = task.timeout;
      timer = setTimeout(() => {
        this.stopTask(
          new PoolError('ERR_TASK_TIMEOUT', `Task ${task.id} timed out after ${limit} ms on worker ${this.name} (pid ${this.handle.pid})`, {
            pid: this.handle.pid,
            timeout: limit,
            hint: 'Raise `timeout`, or split the work; the worker and everything it spawned were killed and replaced.',
          }),
        );
      }, limit);
    }
    const onAbort = (): void => this.stopTask(task.signal?.reason);
    task.signal?.addEventListener('abort', onAbort, { once: true });
    const markersSeen = new Promise<void>((done) => this.#markers.set(task.id, { count: 0, done }));
    try {
      task.onStart?.({ worker: this.name, pid: this.handle.pid, taskId: task.id });
    } catch {
      // A throwing observer must not break the pool.
    }
    void this.handle.call(METHOD_RUN, [task.request]).then(
      async (reply) => {
        await Promise.race([markersSeen, this.#outputClosed]);
        this.#finish(task, timer, onAbort, { ok: true, reply: reply as RunReply });
      },
      async () => {
        const exit = await this.handle.exited;
        await this.#outputAfterExit();
        const error = this.#stopReason ?? crashError(this.handle, exit, task.id);
        this.#finish(task, timer, onAbort, { ok: false, error });
      },
    );
  }

  #finish(task: Task, timer: NodeJS.Timeout | undefined, onAbort: () => void, outcome: TaskOutcome): void {
    clearTimeout(timer);
    task.signal?.removeEventListener('abort', onAbort);
    this.#markers.delete(task.id);
    this.#current = undefined;
    task.state = 'done';
    task.settle(outcome);
    if (outcome.ok && this.state === 'busy') {
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
    if (this.#current === undefined || this.#stopReason !== undefined) return;
    this.#stopReason = reason;
    this.state = 'gone';
    this.#host.gone(this);
    void this.handle.kill();
  }

  /** Ends this worker: gracefully when idle, by killing it when `force`. Running tasks reject with `reason`. */
  async dispose(force: boolean, reason: unknown): Promise<void> {
    if (this.#current !== undefined && this.#stopReason === undefined) this.#stopReason = reason;
    this.state = 'gone';
    if (force || this.#current !== undefined) await this.handle.kill();
    else await this.handle.stop();
    await this.#outputAfterExit();
  }

  /** The pipes close once the worker's group is gone; a grandchild that escaped the group may hold them open. */
  async #outputAfterExit(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.#outputClosed, new Promise<void>((resolve) => (timer = setTimeout(resolve, TERMINATE_TIMEOUT_MS)))]);
    clearTimeout(timer);
  }

  #marker(taskId: number): void {
    const waiting = this.#markers.get(taskId);
    if (waiting && ++waiting.count === 2) waiting.done();
  }

  #line(stream: StreamName, line: string): void {
    const task = this.#current;
    const entry: LogEntry = { pid: this.handle.pid, worker: this.name, stream, line, time: Date.now(), taskId: task?.id ?? null };
    try {
      if (task?.onLog) task.onLog(entry);
      else this.#host.log(entry);
    } catch {
      // A throwing log handler must not break the pool.
    }
  }
}
