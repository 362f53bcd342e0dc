/** A line a worker wrote, attributed to the task that was running when it wrote it. */
export interface LogEntry {
  /** PID of the worker process (the parent's PID for thread workers). */
  readonly pid: number;
  /** The worker's name, e.g. `'PoolWorker-2'`. */
  readonly worker: string;
  readonly stream: 'stdout' | 'stderr';
  /** The line without its trailing newline. Never torn, never merged with the next one. */
  readonly line: string;
  /** `Date.now()` when the parent read the line. */
  readonly time: number;
  /** The task that was running, or `null` for output between tasks (module load, initializer). */
  readonly taskId: number | null;
}

/** Passed to a call's `onStart` when its task begins on a worker. */
export interface StartInfo {
  readonly worker: string;
  readonly pid: number;
  /** Same id as in the task's {@link LogEntry} lines. */
  readonly taskId: number;
}

/** A function, or the name of an export of the pool's `tasks` module. */
export type TaskFunction = ((...args: never[]) => unknown) | string;

export interface PoolOptions {
  /**
   * How many workers to run.
   * @default cpuCount() (`os.availableParallelism()`)
   */
  processes?: number;
  /**
   * A module (URL, `file:` URL string, or path) whose exported functions workers call by name, the way Python
   * pickles a function by its qualified name. A function passed to `map`/`apply` that is one of its exports is
   * sent by name; so is a string naming an export.
   * @example new Pool({ tasks: new URL('./tasks.js', import.meta.url) })
   */
  tasks?: string | URL;
  /**
   * Runs once in each worker before its first task, with `initargs`. If it throws, every pending and later
   * task rejects with `ERR_INITIALIZER_FAILED` (Python would respawn workers forever).
   */
  initializer?: TaskFunction;
  /**
   * Arguments for `initializer`.
   * @default []
   */
  initargs?: readonly unknown[];
  /**
   * Replace a worker after it has run this many tasks (a chunk of `map` counts as one task, as in Python).
   * @default undefined (workers live as long as the pool)
   */
  maxTasksPerChild?: number;
  /**
   * `'process'`: each worker is a child process with its own PID, in its own process group (Python's `spawn`).
   * `'thread'`: workers are `worker_threads` in this process (cheaper to start, shared PID).
   * @default 'process'
   */
  workerType?: 'process' | 'thread';
  /**
   * Time limit in ms for each task (a call, or a chunk of a map). A task over it rejects `ERR_TASK_TIMEOUT`
   * and its worker, with everything the worker spawned, is killed and replaced. Per-call `timeout` overrides it.
   * @default undefined (no limit)
   */
  timeout?: number;
  /**
   * Receives every line workers write on stdout/stderr, attributed to the running task. Implies `captureOutput`.
   * @default undefined
   * @example new Pool({ onLog: ({ worker, stream, line }) => console.log(`[${worker}] ${line}`) })
   */
  onLog?: (entry: LogEntry) => void;
  /**
   * Pipe workers' stdout/stderr through this process, line by line, so each line can be attributed to the task
   * that wrote it (per-call and pool-level `onLog`; without an `onLog`, lines are forwarded to this process's
   * stdout/stderr, each before its call settles). Off, workers write straight to this process's stdout/stderr,
   * as Python's do, and a task costs two pipe writes and reads less.
   * @default true when `onLog` is given, else false
   */
  captureOutput?: boolean;
  /**
   * Environment of the workers (processes, or threads' `process.env`). Tasks see it, and so do the processes they
   * start unless they pass their own.
   * @default process.env, as it is when each worker starts
   * @example new Pool({ env: { ...process.env, NODE_ENV: 'production' } })
   */
  env?: Readonly<Record<string, string | undefined>>;
}

/** Options of one `apply`/`applyAsync`/`map`… call. */
export interface CallOptions {
  /**
   * Time limit in ms for each task of this call; overrides the pool's `timeout`.
   * @default the pool's `timeout`
   */
  timeout?: number;
  /**
   * Cancels the call: queued tasks are removed and the call rejects with `signal.reason`; a task already
   * running has its worker killed (with everything it spawned) and replaced.
   * @default undefined
   * @example pool.apply('build', [pkg], { signal: AbortSignal.timeout(60_000) })
   */
  signal?: AbortSignal;
  /**
   * Called when a task of this call starts on a worker (a `map` calls it once per chunk).
   * @default undefined
   * @example pool.apply('runScript', [spec], { onStart: ({ worker, pid, taskId }) => console.log(worker, pid, taskId) })
   */
  onStart?: (info: StartInfo) => void;
  /**
   * Receives the lines this call's tasks write (and processes they start with inherited stdio), instead of the
   * pool's `onLog`. Every line is delivered before the call's promise settles. Needs a pool that captures output
   * (`captureOutput`, or a pool-level `onLog`); otherwise the call rejects `ERR_INVALID_OPTION`.
   * @default undefined (the pool's `onLog`, or this process's stdout/stderr)
   */
  onLog?: (entry: LogEntry) => void;
}

/** Options of `map`, `imap`, `starmap`…: a call's options plus `chunksize`. A bare number means `chunksize`. */
export interface MapOptions extends CallOptions {
  /**
   * How many items each task carries.
   * @default Python's choice: about four chunks per worker for `map`/`starmap`; 1 for `imap`/`imapUnordered`
   */
  chunksize?: number;
}

/** Completion callbacks of the `*Async` methods; each runs exactly once, and only one of them runs. */
export interface AsyncCallbacks<R> {
  /**
   * Called with the value when the call succeeds.
   * @default undefined
   */
  callback?: (value: R) => void;
  /**
   * Called with the error when the call fails.
   * @default undefined
   */
  errorCallback?: (error: unknown) => void;
}
