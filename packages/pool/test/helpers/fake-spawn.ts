// An in-process stand-in for backend.ts's spawnWorker: each "worker" runs its tasks one at a time in this
// process, writes the end markers the real worker writes, and can be crashed on demand. For engine logic
// (queueing, pipelining, requeue, recycling) without process start-up costs or timing noise.
import { PassThrough } from 'node:stream';
import type { SpawnOptions, SpawnWorker, WorkerExit, WorkerHandle } from '../../src/backend.js';
import { endMarker } from '../../src/end-marker.js';
import { METHOD_INIT, METHOD_RUN } from '../../src/protocol.js';
import type { RunRequest } from '../../src/protocol.js';
import { runItems } from '../../src/run-items.js';
import { resolveFunction } from '../../src/worker-functions.js';

export interface FakeWorker extends WorkerHandle {
  readonly options: SpawnOptions;
  /** Requests received so far, in order (run requests only). */
  readonly received: RunRequest[];
  /** Dies now: pending calls reject, `exited` settles with this code. */
  crash(exitCode: number): void;
}

export function fakeSpawner(): { spawn: SpawnWorker; workers: FakeWorker[] } {
  const workers: FakeWorker[] = [];
  let nextPid = 900_000;
  const spawn: SpawnWorker = (options) => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let resolveExit!: (exit: WorkerExit) => void;
    const exited = new Promise<WorkerExit>((resolve) => (resolveExit = resolve));
    let dead: WorkerExit | undefined;
    const rejections = new Set<(error: Error) => void>();
    let chain: Promise<unknown> = Promise.resolve();
    const received: RunRequest[] = [];
    const die = (exit: WorkerExit): WorkerExit => {
      if (dead) return dead;
      dead = exit;
      for (const reject of rejections) reject(new Error('worker died'));
      stdout.end();
      stderr.end();
      resolveExit(exit);
      return exit;
    };
    const worker: FakeWorker = {
      options,
      name: options.name,
      pid: nextPid++,
      stdout,
      stderr,
      exited,
      received,
      call: (method, params) =>
        new Promise((resolve, reject) => {
          if (dead) return reject(new Error('worker died'));
          rejections.add(reject);
          const settle = (value: unknown): void => {
            rejections.delete(reject);
            if (!dead) resolve(value);
          };
          if (method === METHOD_INIT) return settle({});
          if (method !== METHOD_RUN) return reject(new Error(`fake worker: no method ${method}`));
          const request = params[0] as RunRequest;
          received.push(request);
          chain = chain.then(async () => {
            if (dead) return;
            const reply = await runItems(resolveFunction(request.fn), request.star, request.items);
            if (dead) return;
            stdout.write(endMarker(request.taskId));
            stderr.write(endMarker(request.taskId));
            settle(reply);
          });
        }),
      setKeepAlive: () => undefined,
      stop: async () => die({ exitCode: 0, signal: null }),
      kill: async () => die({ exitCode: null, signal: 'SIGTERM' }),
      crash: (exitCode) => void die({ exitCode, signal: null }),
    };
    workers.push(worker);
    return worker;
  };
  return { spawn, workers };
}
