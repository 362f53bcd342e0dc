// The worker half of backend.ts: answers the requests of workerpool's WorkerHandler in the parent, speaking the wire
// protocol of workerpool's own worker script (src/worker.js in workerpool 10) without loading workerpool. A worker's
// start is on the critical path of every pool, and workerpool's entry point costs ~1.5 ms of CPU per start (its whole
// parent side, plus os.cpus()); this file, ~0.1 ms. Only what the parent side uses is implemented: no events, no
// transfer lists, no abort listeners. Checked against the real WorkerHandler by every process-level test.
import { ENV_WORKER_THREAD } from './constants.js';

/** The parent's request to exit (a bare string, not a request object). */
const TERMINATE = '__workerpool-terminate__';
/** The parent asks whether a timed-out or cancelled task cleaned up; without abort listeners the answer is no. */
const CLEANUP = '__workerpool-cleanup__';

interface Request {
  readonly id: number;
  readonly method: string;
  readonly params?: unknown[];
}

type Method = (...args: never[]) => unknown;

/** As workerpool's convertError: own properties, message and stack included, as plain data. */
function convertError(error: unknown): unknown {
  if (error !== null && typeof error === 'object' && typeof (error as { toJSON?: unknown }).toJSON === 'function') return JSON.parse(JSON.stringify(error));
  return JSON.parse(JSON.stringify(error, error !== null && typeof error === 'object' ? Object.getOwnPropertyNames(error) : undefined)) as unknown;
}

function isPromise(value: unknown): value is Promise<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function' && typeof (value as { catch?: unknown }).catch === 'function';
}

/** Whether this worker runs in a thread (backend.ts says so in its environment) rather than a child process. */
export const isThreadWorker = process.env[ENV_WORKER_THREAD] === '1';
delete process.env[ENV_WORKER_THREAD];

/** Child side: answers the parent's requests with `methods`, then tells it the worker is ready. */
export function serveWorkerMethods(methods: Record<string, Method>): void {
  let send: (message: unknown) => void;
  let onMessage: (listener: (message: unknown) => void) => void;
  if (isThreadWorker) {
    // Loaded only in threads: requiring worker_threads costs a process worker ~1 ms at start.
    const port = process.getBuiltinModule('node:worker_threads').parentPort;
    if (port === null) throw new Error('A thread worker has no parentPort');
    send = (message) => port.postMessage(message);
    onMessage = (listener) => port.on('message', listener);
  } else {
    send = (message) => process.send?.(message);
    onMessage = (listener) => process.on('message', listener);
    // The parent is gone: nothing will ever ask this worker anything again.
    process.on('disconnect', () => process.exit(1));
  }
  const table: Record<string, Method> = { ...methods, methods: () => Object.keys(table) };

  onMessage((message) => {
    if (message === TERMINATE) {
      process.exit(0);
    }
    const request = message as Request;
    if (request.method === CLEANUP) {
      send({ id: request.id, method: CLEANUP, error: convertError(new Error('Worker terminating')) });
      return;
    }
    try {
      const method = table[request.method];
      if (method === undefined) throw new Error(`Unknown method "${request.method}"`);
      const result = method(...((request.params ?? []) as never[]));
      if (isPromise(result)) {
        result
          .then((value) => send({ id: request.id, result: value, error: null }))
          .catch((error: unknown) => send({ id: request.id, result: null, error: convertError(error) }));
      } else {
        send({ id: request.id, result, error: null });
      }
    } catch (error) {
      send({ id: request.id, result: null, error: convertError(error) });
    }
  });
  send('ready');
}
