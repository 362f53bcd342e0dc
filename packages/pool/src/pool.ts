import { AsyncResult } from './async-result.js';
import { defaultChunksize, joinChunks, splitIntoChunks } from './chunking.js';
import type { ChunkHandle, ChunkResult, ChunkRunner } from './chunk-runner.js';
import { assertCloneable, needsCloneCheck } from './clone-check.js';
import { Engine } from './engine.js';
import type { Lease } from './engine.js';
import { describeValue, PoolError } from './errors.js';
import { FunctionResolver } from './function-resolver.js';
import { imap } from './imap.js';
import { normalizeMapOptions, normalizePoolOptions, validateCallOnLog, validateTimeout } from './normalize-options.js';
import type { AsyncCallbacks, CallOptions, MapOptions, PoolOptions } from './options.js';
import { toSourceSpec } from './portable-function.js';
import type { FunctionSpec, InitRequest } from './protocol.js';
import { deserializeThrown } from './serialize-error.js';
import type { Task } from './task.js';
import { tasksSpecifier } from './worker-functions.js';
import { currentSpawner } from './spawn-seam.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the widest function type, for inference
type Fn = (...args: any[]) => unknown;
/** Names of the function exports of a tasks module type. */
export type TaskName<T> = { [K in keyof T]: T[K] extends Fn ? K : never }[keyof T] & string;
type FnOf<T, K> = K extends keyof T ? (T[K] extends Fn ? T[K] : never) : never;
type Result<F> = F extends Fn ? Awaited<ReturnType<F>> : never;
type Item<F> = F extends Fn ? Parameters<F>[0] : never;
type Args<F> = F extends Fn ? Parameters<F> : never;
type Input<T> = Iterable<T> | AsyncIterable<T>;

let taskCounter = 0;

/**
 * Python's `multiprocessing.Pool` for Node: a fixed set of worker processes running functions over data.
 *
 * @typeParam T - the type of the `tasks` module (`typeof import('./tasks.js')`), which types calls by name.
 * @example
 * await using pool = new Pool<typeof import('./tasks.js')>({ tasks: new URL('./tasks.js', import.meta.url) });
 * console.log(await pool.map('square', [1, 2, 3])); // [1, 4, 9]
 */
/** Validates one item of a map/starmap input before anything is sent. */
function checkItem(item: unknown, index: number, star: boolean): void {
  if (star && !Array.isArray(item)) {
    throw new PoolError('ERR_INVALID_OPTION', `Expected item ${index} of the iterable to be an argument array, got ${describeValue(item)}`);
  }
  if (needsCloneCheck(item)) assertCloneable(item, `iterable[${index}]`, `Item ${index} of the iterable`);
}

export class Pool<T = Record<string, Fn>> implements AsyncDisposable {
  readonly #engine: Engine;
  readonly #options: ReturnType<typeof normalizePoolOptions>;
  readonly #tasks: string | undefined;
  readonly #resolver: FunctionResolver;

  /**
   * @param options - a worker count (`new Pool(4)`), or {@link PoolOptions}.
   * @throws PoolError `ERR_INVALID_OPTION`, synchronously, for a bad option.
   */
  constructor(options?: number | PoolOptions) {
    this.#options = normalizePoolOptions(options);
    this.#tasks = this.#options.tasks === undefined ? undefined : tasksSpecifier(this.#options.tasks);
    // The parent imports `tasks` only when a call passes a function (see FunctionResolver): a pool called by name never
    // pays for it, and the workers are spawned first either way.
    this.#resolver = new FunctionResolver(this.#tasks);
    const initializer = this.#options.initializer;
    const initargs = [...(this.#options.initargs ?? [])];
    initargs.forEach((arg, i) => assertCloneable(arg, `initargs[${i}]`, `Initializer argument ${i}`));
    this.#engine = new Engine({
      processes: this.#options.processes,
      worker: {
        workerType: this.#options.workerType,
        capture: this.#options.captureOutput,
        ...(this.#tasks === undefined ? {} : { preload: this.#tasks }),
        ...(this.#options.env === undefined ? {} : { env: { ...this.#options.env } }),
      },
      maxTasksPerChild: this.#options.maxTasksPerChild,
      onLog: this.#options.onLog,
      spawn: currentSpawner(),
      init: this.#initRequest(initializer, initargs),
    });
  }

  /** Number of workers. */
  get processes(): number {
    return this.#options.processes;
  }

  /** PIDs of the current workers. */
  get pids(): readonly number[] {
    return this.#engine.pids;
  }

  /** Calls `fn(...args)` in a worker; like Python's `apply`. */
  apply<K extends TaskName<T>>(fn: K, args?: Args<FnOf<T, K>>, options?: CallOptions): Promise<Result<FnOf<T, K>>>;
  apply<F extends Fn>(fn: F, args?: Parameters<F>, options?: CallOptions): Promise<Awaited<ReturnType<F>>>;
  async apply(fn: Fn | string, args: readonly unknown[] = [], options: CallOptions = {}): Promise<unknown> {
    if (!Array.isArray(args)) throw new PoolError('ERR_INVALID_OPTION', `Expected \`args\` to be an array, got ${describeValue(args)}`);
    validateTimeout(options.timeout);
    validateCallOnLog(options.onLog, this.#options.captureOutput);
    args.forEach((arg, i) => assertCloneable(arg, `args[${i}]`, `Argument ${i}`));
    const lease = this.#engine.lease();
    let handle: ChunkHandle;
    try {
      handle = this.#submit(lease, await this.#spec(fn), true, [args], options);
    } finally {
      lease.release();
    }
    const outcome = await handle.result;
    if (outcome.failed) throw outcome.error;
    return outcome.values[0];
  }

  /** Like {@link apply}, returning an {@link AsyncResult}; Python's `apply_async`. */
  applyAsync<K extends TaskName<T>>(fn: K, args?: Args<FnOf<T, K>>, options?: CallOptions & AsyncCallbacks<Result<FnOf<T, K>>>): AsyncResult<Result<FnOf<T, K>>>;
  applyAsync<F extends Fn>(fn: F, args?: Parameters<F>, options?: CallOptions & AsyncCallbacks<Awaited<ReturnType<F>>>): AsyncResult<Awaited<ReturnType<F>>>;
  applyAsync(fn: Fn | string, args?: unknown[], options: CallOptions & AsyncCallbacks<unknown> = {}): AsyncResult<unknown> {
    return new AsyncResult(this.apply(fn as Fn, args as never, options), options);
  }

  /** `fn` over every item, results in input order; Python's `map` (chunked: about four chunks per worker by default). */
  map<K extends TaskName<T>>(fn: K, iterable: Input<Item<FnOf<T, K>>>, options?: MapOptions | number): Promise<Array<Result<FnOf<T, K>>>>;
  map<F extends Fn>(fn: F, iterable: Input<Parameters<F>[0]>, options?: MapOptions | number): Promise<Array<Awaited<ReturnType<F>>>>;
  async map(fn: Fn | string, iterable: Input<unknown>, options?: MapOptions | number): Promise<unknown[]> {
    return this.#mapAll(fn, iterable, false, options);
  }

  /** Like {@link map}, returning an {@link AsyncResult}; Python's `map_async`. */
  mapAsync<K extends TaskName<T>>(fn: K, iterable: Input<Item<FnOf<T, K>>>, options?: MapOptions & AsyncCallbacks<Array<Result<FnOf<T, K>>>>): AsyncResult<Array<Result<FnOf<T, K>>>>;
  mapAsync<F extends Fn>(fn: F, iterable: Input<Parameters<F>[0]>, options?: MapOptions & AsyncCallbacks<Array<Awaited<ReturnType<F>>>>): AsyncResult<Array<Awaited<ReturnType<F>>>>;
  mapAsync(fn: Fn | string, iterable: Input<unknown>, options: MapOptions & AsyncCallbacks<unknown[]> = {}): AsyncResult<unknown[]> {
    return new AsyncResult(this.#mapAll(fn, iterable, false, options), options);
  }

  /** `fn(...args)` for every argument list, in order; Python's `starmap`. */
  starmap<K extends TaskName<T>>(fn: K, iterable: Input<Args<FnOf<T, K>>>, options?: MapOptions | number): Promise<Array<Result<FnOf<T, K>>>>;
  starmap<F extends Fn>(fn: F, iterable: Input<Parameters<F>>, options?: MapOptions | number): Promise<Array<Awaited<ReturnType<F>>>>;
  async starmap(fn: Fn | string, iterable: Input<unknown[]>, options?: MapOptions | number): Promise<unknown[]> {
    return this.#mapAll(fn, iterable, true, options);
  }

  /** Like {@link starmap}, returning an {@link AsyncResult}; Python's `starmap_async`. */
  starmapAsync<K extends TaskName<T>>(fn: K, iterable: Input<Args<FnOf<T, K>>>, options?: MapOptions & AsyncCallbacks<Array<Result<FnOf<T, K>>>>): AsyncResult<Array<Result<FnOf<T, K>>>>;
  starmapAsync<F extends Fn>(fn: F, iterable: Input<Parameters<F>>, options?: MapOptions & AsyncCallbacks<Array<Awaited<ReturnType<F>>>>): AsyncResult<Array<Awaited<ReturnType<F>>>>;
  starmapAsync(fn: Fn | string, iterable: Input<unknown[]>, options: MapOptions & AsyncCallbacks<unknown[]> = {}): AsyncResult<unknown[]> {
    return new AsyncResult(this.#mapAll(fn, iterable, true, options), options);
  }

  /**
   * Lazy ordered map, Python's `imap` (default chunksize 1). Input is pulled only as workers free up, so an
   * infinite generator works; leaving the loop early cancels queued work and keeps the pool usable.
   */
  imap<K extends TaskName<T>>(fn: K, iterable: Input<Item<FnOf<T, K>>>, options?: MapOptions | number): AsyncIterableIterator<Result<FnOf<T, K>>>;
  imap<F extends Fn>(fn: F, iterable: Input<Parameters<F>[0]>, options?: MapOptions | number): AsyncIterableIterator<Awaited<ReturnType<F>>>;
  imap(fn: Fn | string, iterable: Input<unknown>, options?: MapOptions | number): AsyncIterableIterator<unknown> {
    return this.#lazy(fn, iterable, true, options);
  }

  /** Like {@link imap}, yielding results as they complete; Python's `imap_unordered`. */
  imapUnordered<K extends TaskName<T>>(fn: K, iterable: Input<Item<FnOf<T, K>>>, options?: MapOptions | number): AsyncIterableIterator<Result<FnOf<T, K>>>;
  imapUnordered<F extends Fn>(fn: F, iterable: Input<Parameters<F>[0]>, options?: MapOptions | number): AsyncIterableIterator<Awaited<ReturnType<F>>>;
  imapUnordered(fn: Fn | string, iterable: Input<unknown>, options?: MapOptions | number): AsyncIterableIterator<unknown> {
    return this.#lazy(fn, iterable, false, options);
  }

  /** Accepts no more work; workers exit once the queued work is done. */
  close(): void {
    this.#engine.close();
  }

  /**
   * Stops now: kills every worker and what it spawned (SIGTERM, then SIGKILL); outstanding work rejects
   * `ERR_POOL_TERMINATED`. Idempotent: every call returns the same promise.
   */
  terminate(): Promise<void> {
    return this.#engine.terminate();
  }

  /** Waits for the workers to exit after {@link close} or {@link terminate}; rejects `ERR_POOL_RUNNING` before. */
  join(): Promise<void> {
    return this.#engine.join();
  }

  /** `await using pool = new Pool()` terminates on scope exit, like Python's `with Pool() as pool`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.terminate();
  }

  #lazy(fn: Fn | string, iterable: Input<unknown>, ordered: boolean, rawOptions: MapOptions | number | undefined): AsyncIterableIterator<unknown> {
    const options = normalizeMapOptions(rawOptions);
    let lease: Lease | undefined;
    let fnSpec: Promise<FunctionSpec>;
    try {
      validateCallOnLog(options.onLog, this.#options.captureOutput);
      lease = this.#engine.lease({ untilStarted: true });
      fnSpec = this.#spec(fn);
    } catch (error) {
      // Surfaced by the first next(), as a failing async iteration should be.
      fnSpec = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    fnSpec.catch(() => undefined);
    const granted = lease;
    const runner: ChunkRunner = {
      processes: this.#options.processes,
      submit: (spec, star, items, callOptions) => this.#submit(granted!, spec, star, items, callOptions),
      release: () => granted?.release(),
      begin: () => granted?.begin(),
      halted: () => this.#engine.halted,
      onClose: (listener) => this.#engine.onClose(listener),
    };
    return imap({
      runner,
      fn: fnSpec,
      star: false,
      source: iterable,
      chunksize: options.chunksize ?? 1,
      ordered,
      options,
      check: (item, index) => {
        if (needsCloneCheck(item)) assertCloneable(item, `iterable[${index}]`, `Item ${index} of the iterable`);
      },
    });
  }

  async #mapAll(fn: Fn | string, iterable: Input<unknown>, star: boolean, rawOptions: MapOptions | number | undefined): Promise<unknown[]> {
    const options = normalizeMapOptions(rawOptions);
    validateCallOnLog(options.onLog, this.#options.captureOutput);
    const lease = this.#engine.lease();
    let handles: ChunkHandle[];
    try {
      handles = await this.#submitAll(lease, fn, iterable, star, options);
    } finally {
      lease.release();
    }
    try {
      const results = await Promise.all(
        handles.map(async (handle) => {
          const outcome = await handle.result;
          if (outcome.failed) throw outcome.error;
          return outcome.values;
        }),
      );
      return joinChunks(results);
    } finally {
      for (const handle of handles) handle.cancel();
    }
  }

  async #submitAll(lease: Lease, fn: Fn | string, iterable: Input<unknown>, star: boolean, options: MapOptions): Promise<ChunkHandle[]> {
    let items: readonly unknown[];
    if (Array.isArray(iterable)) items = iterable;
    else {
      const collected: unknown[] = [];
      // `for await` over a sync iterable costs a promise per item: 100k tiny items would pay more for that than for the work.
      if (Symbol.asyncIterator in iterable) for await (const item of iterable) collected.push(item);
      else for (const item of iterable) collected.push(item);
      items = collected;
    }
    // An index loop over a module-level check, with path strings built only for suspects: this runs per item on the
    // caller's thread before any chunk is sent, and is most of what a cold 100k-item map costs the parent.
    let sparse = false;
    for (let index = 0; index < items.length; index++) {
      const item = items[index];
      if (item === undefined && !(index in items)) sparse = true;
      checkItem(item, index, star);
    }
    // Holes are `undefined` items, as iterating the array yields them: workers run chunks with Array.prototype.map
    // (see runItems), which would skip a hole rather than call `fn` with it.
    if (sparse) items = Array.from(items);
    const chunksize = options.chunksize ?? defaultChunksize(items.length, this.#options.processes);
    // Chunks are copies taken now, as Python's list(iterable): the caller may change its array while we wait.
    const chunks = splitIntoChunks(items, chunksize);
    const spec = await this.#spec(fn);
    return chunks.map((chunk) => this.#submit(lease, spec, star, chunk, options, true));
  }

  #submit(lease: Lease, fn: FunctionSpec, star: boolean, items: readonly unknown[], options: CallOptions, pipelinable = false): ChunkHandle {
    let settle!: (result: ChunkResult) => void;
    const result = new Promise<ChunkResult>((resolve) => (settle = resolve));
    const id = ++taskCounter;
    const task: Task = {
      id,
      request: { taskId: id, fn, star, items },
      timeout: options.timeout ?? this.#options.timeout,
      signal: options.signal,
      onStart: options.onStart,
      onLog: options.onLog,
      pipelinable,
      state: 'queued',
      settle: (outcome) => {
        if (!outcome.ok) settle({ values: [], failed: true, error: outcome.error });
        else if (outcome.reply.error !== undefined) settle({ values: outcome.reply.values, failed: true, error: deserializeThrown(outcome.reply.error) });
        else settle({ values: outcome.reply.values, failed: false });
      },
    };
    lease.submit(task);
    return { result, cancel: () => this.#engine.cancel(task) };
  }

  #spec(fn: Fn | string): Promise<FunctionSpec> {
    return this.#resolver.resolve(fn);
  }

  #initRequest(initializer: PoolOptions['initializer'], initargs: unknown[]): Promise<InitRequest> {
    const base = { tasks: this.#tasks, initargs };
    if (initializer === undefined) return Promise.resolve({ ...base, initializer: undefined });
    // Without `tasks` the initializer can only go by source: say so now, synchronously.
    if (this.#tasks === undefined && typeof initializer === 'function') toSourceSpec(initializer);
    const request = this.#spec(initializer as Fn | string).then((spec) => ({ ...base, initializer: spec }));
    request.catch(() => undefined);
    return request;
  }
}
