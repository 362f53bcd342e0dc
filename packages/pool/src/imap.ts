import type { ChunkHandle, ChunkResult, ChunkRunner } from './chunk-runner.js';
import { IMAP_WINDOW_PER_WORKER } from './constants.js';
import type { CallOptions } from './options.js';
import type { FunctionSpec } from './protocol.js';

export interface ImapRequest {
  readonly runner: ChunkRunner;
  readonly fn: Promise<FunctionSpec>;
  readonly star: boolean;
  readonly source: Iterable<unknown> | AsyncIterable<unknown>;
  readonly chunksize: number;
  readonly ordered: boolean;
  readonly options: CallOptions;
  /** Throws ERR_NOT_SERIALIZABLE for an item that cannot travel; `index` is its position in the input. */
  readonly check: (item: unknown, index: number) => void;
}

type Pending = { readonly handle: ChunkHandle; outcome: ChunkResult | undefined; readonly ready: Promise<Pending> };

/**
 * Lazy `imap`/`imapUnordered`: pulls input only while fewer than `IMAP_WINDOW_PER_WORKER × processes` chunks
 * are submitted but not yet yielded, so an infinite generator works and a slow consumer stops the producer.
 * Leaving early cancels queued chunks and closes the input. When the pool is closed, an iteration that began
 * submits the rest of its input at once (results wait for the consumer): Python's imap had submitted everything
 * already, and `close(); join()` must not wait on a consumer that may never come back.
 */
export async function* imap(request: ImapRequest): AsyncGenerator<unknown, void, undefined> {
  try {
    yield* run(request);
  } finally {
    request.runner.release();
  }
}

async function* run(request: ImapRequest): AsyncGenerator<unknown, void, undefined> {
  request.runner.begin();
  const fn = await request.fn;
  const window = Math.max(2, request.runner.processes * IMAP_WINDOW_PER_WORKER);
  const iterator: Iterator<unknown> | AsyncIterator<unknown> =
    Symbol.asyncIterator in request.source ? request.source[Symbol.asyncIterator]() : request.source[Symbol.iterator]();
  const inFlight: Pending[] = [];
  let inputDone = false;
  let inputError: { error: unknown } | undefined;
  let index = 0;

  const pullChunk = async (): Promise<void> => {
    const items: unknown[] = [];
    while (items.length < request.chunksize) {
      let step: IteratorResult<unknown>;
      try {
        step = await iterator.next();
      } catch (error) {
        inputError = { error };
        inputDone = true;
        break;
      }
      if (step.done) {
        inputDone = true;
        request.runner.release();
        break;
      }
      try {
        request.check(step.value, index);
      } catch (error) {
        inputError = { error };
        inputDone = true;
        break;
      }
      index++;
      items.push(step.value);
    }
    if (items.length === 0) return;
    const handle = request.runner.submit(fn, request.star, items, request.options);
    const pending: Pending = {
      handle,
      outcome: undefined,
      ready: handle.result.then((outcome) => {
        pending.outcome = outcome;
        return pending;
      }),
    };
    inFlight.push(pending);
  };

  // One puller at a time: the consumer's window refills and the drain after close() must not interleave items.
  let pulling: Promise<void> = Promise.resolve();
  let left = false;
  const pull = (): Promise<void> => (pulling = pulling.then(() => (inputDone || left ? undefined : pullChunk())));
  const unsubscribe = request.runner.onClose(() => {
    const drain = async (): Promise<void> => {
      // Terminated while draining: stop pulling, or an endless input would be read forever for refused chunks.
      while (!inputDone && !left && !request.runner.halted()) {
        await pull();
        // A sync input resolves every pull in a microtask: without a turn of the event loop between chunks, an
        // endless one would starve timers, I/O and the terminate() that should stop it.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      // Input ended (or failed): nothing more will be submitted, whether or not the consumer comes back.
      if (!left) request.runner.release();
    };
    drain().catch(() => undefined);
  });

  try {
    for (;;) {
      // The drain (after close) fills the window beyond its bound by itself; the consumer only tops it up.
      while (!inputDone && inFlight.length < window) await pull();
      if (inFlight.length === 0) break;
      const next = request.ordered ? await inFlight[0]!.ready : await Promise.race(inFlight.map((p) => p.ready));
      inFlight.splice(inFlight.indexOf(next), 1);
      const outcome = next.outcome!;
      for (const value of outcome.values) yield value;
      if (outcome.failed) throw outcome.error;
    }
    if (inputError) throw inputError.error;
  } finally {
    left = true;
    unsubscribe();
    // A pull under way (the drain's) may still add a chunk: cancel after it.
    await pulling;
    for (const pending of inFlight) pending.handle.cancel();
    if (!inputDone) await iterator.return?.();
  }
}
