import type { ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Worker as ThreadWorker } from 'node:worker_threads';
import workerpool from 'workerpool';
import { ENV_PARENT_PID, ENV_WORKER_CAPTURE, ENV_WORKER_NAME, ENV_WORKER_TASKS, ENV_WORKER_THREAD, TERMINATE_TIMEOUT_MS } from './constants.js';

// The one module that loads workerpool (its worker half, backend-worker.ts, answers workerpool's requests without it).
// The engine sees a WorkerHandle per OS worker; tests of pure logic can pass a fake SpawnWorker instead.

/** How a worker ended: an exit code, or the signal that killed it. */
export interface WorkerExit {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** How every worker of a pool starts (the same for each, unlike its name). */
export interface WorkerSettings {
  readonly workerType: 'process' | 'thread';
  /** Pipe stdout/stderr to the parent (`handle.stdout`/`stderr`) instead of inheriting them. */
  readonly capture: boolean;
  /** The `tasks` module specifier, for the worker to import while it is still being set up. */
  readonly preload?: string;
  /** The worker's environment. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface SpawnOptions extends WorkerSettings {
  /** `currentProcess().name` inside the worker. */
  readonly name: string;
}

/** One worker: a child process in its own process group, or a worker thread. */
export interface WorkerHandle {
  readonly name: string;
  readonly pid: number;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  /** Settles when the worker is gone (and, for a process, after its whole group was signalled). */
  readonly exited: Promise<WorkerExit>;
  call(method: string, params: readonly unknown[]): Promise<unknown>;
  /** Whether the worker keeps the parent's event loop alive. Idle workers should not. */
  setKeepAlive(keepAlive: boolean): void;
  /** Asks the worker to exit; kills its group if it has not after {@link TERMINATE_TIMEOUT_MS}. */
  stop(): Promise<WorkerExit>;
  /** SIGTERM to the worker's process group, SIGKILL after {@link TERMINATE_TIMEOUT_MS}. */
  kill(): Promise<WorkerExit>;
}

export type SpawnWorker = (options: SpawnOptions) => WorkerHandle;

// One bundled CommonJS file (see build-worker.mjs): a worker starts ~30 ms sooner than from the ESM module graph.
const WORKER_SCRIPT = fileURLToPath(new URL('./pool-worker.cjs', import.meta.url));

interface WorkerpoolInternals {
  workers: Array<{
    worker: (ChildProcess | (ThreadWorker & { pid?: undefined })) & { ready?: boolean };
    exec(method: string, params: unknown[]): PromiseLike<unknown>;
  }>;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** Starts a worker on workerpool: process workers are detached so `kill(-pid)` reaches everything they spawned. */
export const spawnWorker: SpawnWorker = (options) => {
  const env: NodeJS.ProcessEnv = {
    ...(options.env ?? process.env),
    [ENV_WORKER_NAME]: options.name,
    [ENV_WORKER_CAPTURE]: options.capture ? '1' : '0',
    [ENV_PARENT_PID]: String(process.pid),
    ...(options.preload === undefined ? {} : { [ENV_WORKER_TASKS]: options.preload }),
    ...(options.workerType === 'thread' ? { [ENV_WORKER_THREAD]: '1' } : {}),
  };
  const pool = workerpool.pool(WORKER_SCRIPT, {
    maxWorkers: 1,
    workerType: options.workerType,
    workerTerminateTimeout: TERMINATE_TIMEOUT_MS,
    // 'advanced' = structured clone: Map, Set, BigInt and typed arrays survive, and buffers travel ~200x faster than JSON.
    // `silent` pipes stdio without workerpool's emitStdStreams, which would decode and forward every chunk again.
    forkOpts: { serialization: 'advanced', detached: true, env, silent: options.capture },
    workerThreadOpts: { env, stdout: options.capture, stderr: options.capture },
  });
  // The first exec creates the worker synchronously; only then is the child reachable.
  const ready = pool.exec('methods', []);
  const internals = pool as unknown as WorkerpoolInternals;
  const handler = internals.workers[0];
  if (handler === undefined) throw new Error('workerpool did not create a worker');
  const worker = handler.worker;
  // Send requests at once instead of holding them until the worker's 'ready' message: the IPC channel (or the
  // thread's port) keeps them until the worker reads it, which it does only after its entry has registered the
  // methods (synchronously, at load). The init request is then waiting when the worker comes up, a round trip
  // less on every start.
  worker.ready = true;
  const isProcess = options.workerType === 'process';
  const child = worker as ChildProcess;
  const thread = worker as ThreadWorker;
  const pid = isProcess ? child.pid ?? -1 : process.pid;
  // Like Python's pool workers, tasks get an empty stdin rather than a pipe that never ends.
  if (isProcess) child.stdin?.end();

  let exitInfo: WorkerExit | undefined;
  let resolveExit!: (exit: WorkerExit) => void;
  const exited = new Promise<WorkerExit>((resolve) => (resolveExit = resolve));
  worker.once('exit', (code: number | null, signal?: NodeJS.Signals | null) => {
    exitInfo = { exitCode: code, signal: signal ?? null };
    // Whatever the worker spawned and left running dies with it.
    if (isProcess) signalGroup(pid, 'SIGKILL');
    resolveExit(exitInfo);
  });
  worker.once('error', () => {
    // Spawn failures surface through 'exit' and through rejected calls.
  });
  void ready.catch(() => undefined);

  const forceAfterGrace = async (): Promise<WorkerExit> => {
    const timer = setTimeout(() => {
      if (isProcess) signalGroup(pid, 'SIGKILL');
      else void thread.terminate();
    }, TERMINATE_TIMEOUT_MS);
    const exit = await exited;
    clearTimeout(timer);
    // No pool.terminate() here: the worker is gone, and workerpool would arm a clean-exit timer that no exit
    // event ever clears, keeping the parent alive for another TERMINATE_TIMEOUT_MS.
    return exit;
  };

  let keptAlive = true;
  return {
    name: options.name,
    pid,
    stdout: worker.stdout ?? null,
    stderr: worker.stderr ?? null,
    exited,
    // Straight to the worker's handler rather than through the pool's queue, which would hold every request
    // until the previous one returned: the engine decides what may wait in a worker (see PIPELINE_DEPTH).
    call: async (method, params) => handler.exec(method, [...params]),
    setKeepAlive(keepAlive) {
      if (keepAlive === keptAlive || exitInfo) return;
      keptAlive = keepAlive;
      const handles: Array<{ ref?: () => unknown; unref?: () => unknown } | null | undefined> = isProcess
        ? [child, child.channel, child.stdout as never, child.stderr as never]
        : [thread];
      for (const handle of handles) (keepAlive ? handle?.ref : handle?.unref)?.call(handle);
    },
    stop: async () => {
      if (exitInfo) return exitInfo;
      void pool.terminate(false, TERMINATE_TIMEOUT_MS).catch(() => undefined);
      return forceAfterGrace();
    },
    kill: async () => {
      if (exitInfo) return exitInfo;
      if (isProcess) signalGroup(pid, 'SIGTERM');
      else void thread.terminate();
      return forceAfterGrace();
    },
  };
};
