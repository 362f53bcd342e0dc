import * as os from 'node:os';
import type { SpawnWorker, WorkerExit, WorkerHandle } from './backend.js';
import { assertCloneable } from './clone-check.js';
import { describeValue, PoolError } from './errors.js';
import { FunctionResolver } from './function-resolver.js';
import { toSourceSpec } from './portable-function.js';
import type { TaskFunction } from './options.js';
import { METHOD_INIT, METHOD_PROCESS } from './protocol.js';
import type { ProcessReply } from './protocol.js';
import { tasksSpecifier } from './worker-functions.js';
import { currentSpawner } from './spawn-seam.js';

export interface ProcessOptions {
  /** The function to run in the new process, or the name of an export of `tasks`. */
  target: TaskFunction;
  /**
   * Arguments for `target`.
   * @default []
   */
  args?: readonly unknown[];
  /**
   * `currentProcess().name` inside the process.
   * @default 'Process-<n>'
   */
  name?: string;
  /**
   * A daemon process does not keep this (parent) process alive; it dies with it. Every process, daemon or
   * not, is killed with everything it spawned when the parent dies.
   * @default false
   */
  daemon?: boolean;
  /** A module whose exports `target` may name, as for `Pool`'s `tasks`. */
  tasks?: string | URL;
}

let processCounter = 0;

/**
 * Python's `multiprocessing.Process`: runs `target(...args)` in a new OS process.
 *
 * @example
 * const p = new Process({ target: (name) => console.log('hello', name), args: ['bob'] });
 * p.start();
 * await p.join();
 */
export class Process {
  readonly name: string;
  readonly daemon: boolean;
  readonly #options: ProcessOptions;
  readonly #spawn: SpawnWorker;
  #handle: WorkerHandle | undefined;
  #exitCode: number | null = null;
  #finished: Promise<void> | undefined;

  constructor(options: ProcessOptions) {
    if (typeof options !== 'object' || options === null) throw new PoolError('ERR_INVALID_OPTION', `Expected \`options\` to be an object, got ${describeValue(options)}`);
    if (typeof options.target !== 'function' && typeof options.target !== 'string') {
      throw new PoolError('ERR_INVALID_OPTION', `Expected \`target\` to be a function or an export name, got ${describeValue(options.target)}`);
    }
    if (options.args !== undefined && !Array.isArray(options.args)) throw new PoolError('ERR_INVALID_OPTION', `Expected \`args\` to be an array, got ${describeValue(options.args)}`);
    (options.args ?? []).forEach((arg, i) => assertCloneable(arg, `args[${i}]`, `Argument ${i}`));
    // Without `tasks` the target can only go by source: a closure fails now, as Python's pickling fails at start().
    if (options.tasks === undefined && typeof options.target === 'function') toSourceSpec(options.target);
    this.#options = options;
    this.#spawn = currentSpawner();
    this.name = options.name ?? `Process-${++processCounter}`;
    this.daemon = options.daemon ?? false;
  }

  /** The OS process id, once started. */
  get pid(): number | undefined {
    return this.#handle?.pid;
  }

  /** `null` while running (or before start), `0` on success, `1` when the target threw, `-N` when killed by signal N. */
  get exitCode(): number | null {
    return this.#exitCode;
  }

  /** Starts the process. Calling it twice throws, as in Python. */
  start(): void {
    if (this.#handle) throw new PoolError('ERR_INVALID_OPTION', `Process ${this.name} was already started`);
    const tasks = this.#options.tasks === undefined ? undefined : tasksSpecifier(this.#options.tasks);
    const handle = this.#spawn({ workerType: 'process', name: this.name, capture: false });
    this.#handle = handle;
    if (this.daemon) handle.setKeepAlive(false);
    const run = (async (): Promise<number> => {
      const fn = await new FunctionResolver(tasks).resolve(this.#options.target);
      await handle.call(METHOD_INIT, [{ tasks, initializer: undefined, initargs: [] }]);
      const reply = (await handle.call(METHOD_PROCESS, [{ fn, args: [...(this.#options.args ?? [])] }])) as ProcessReply;
      return reply.error === undefined ? 0 : 1;
    })();
    this.#finished = run.then(
      async (code) => {
        await handle.stop();
        this.#exitCode = code;
      },
      async (error: unknown) => {
        const exit = handle.exited.then((e) => e);
        // The target could not even be sent (not portable): report it like Python reports a failing target.
        if (error instanceof PoolError) {
          process.stderr.write(`Process ${this.name}:\n${error.stack ?? error.message}\n`);
          await handle.stop();
          this.#exitCode = 1;
          return;
        }
        this.#exitCode = toExitCode(await exit);
      },
    );
  }

  /** Waits for the process to end, or at most `timeoutMs`. Rejects if it was never started. */
  async join(timeoutMs?: number): Promise<void> {
    if (!this.#finished) throw new PoolError('ERR_INVALID_OPTION', `Cannot join process ${this.name}: it was not started`, { hint: 'Call `start()` first.' });
    if (timeoutMs === undefined) return this.#finished;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.#finished, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
  }

  /** Whether the process was started and has not ended. */
  isAlive(): boolean {
    return this.#handle !== undefined && this.#exitCode === null;
  }

  /** Sends SIGTERM to the process and what it spawned (SIGKILL follows after a grace period). */
  terminate(): void {
    if (this.#handle && this.#exitCode === null) void this.#handle.kill();
  }

  /** Sends SIGKILL to the process and what it spawned. */
  kill(): void {
    const pid = this.#handle?.pid;
    if (pid === undefined || this.#exitCode !== null) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

function toExitCode(exit: WorkerExit): number {
  if (exit.signal) return -(os.constants.signals[exit.signal] ?? 1);
  return exit.exitCode ?? 1;
}
