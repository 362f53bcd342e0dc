import { PoolError } from './errors.js';
import type { AsyncCallbacks } from './options.js';

type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/**
 * The result of an `*Async` call, like Python's `AsyncResult`. Also a `PromiseLike`, so `await` works.
 *
 * @example
 * const result = pool.applyAsync('square', [3]);
 * result.ready(); // false, probably
 * await result.get(1000); // 9, or ERR_RESULT_TIMEOUT after 1 s (the task keeps running)
 */
export class AsyncResult<T> implements PromiseLike<T> {
  readonly #promise: Promise<T>;
  #settled: Settled<T> | undefined;

  /** @internal Created by the pool. */
  constructor(promise: Promise<T>, callbacks: AsyncCallbacks<T> = {}) {
    this.#promise = promise.then(
      (value) => {
        this.#settled = { ok: true, value };
        callbacks.callback?.(value);
        return value;
      },
      (error: unknown) => {
        this.#settled = { ok: false, error };
        callbacks.errorCallback?.(error);
        throw error;
      },
    );
    // Rejections are reported through get()/then(); an AsyncResult nobody awaits must not crash the process.
    this.#promise.catch(() => undefined);
  }

  /** Whether the call has completed. */
  ready(): boolean {
    return this.#settled !== undefined;
  }

  /** Whether the call completed without error. Throws `ERR_RESULT_NOT_READY` before it completed. */
  successful(): boolean {
    if (this.#settled === undefined) {
      throw new PoolError('ERR_RESULT_NOT_READY', 'The result is not ready yet', { hint: 'Check `ready()` first, or `await result.wait()`.' });
    }
    return this.#settled.ok;
  }

  /** Waits until the call completes, or at most `timeoutMs`; never rejects. */
  async wait(timeoutMs?: number): Promise<void> {
    await this.#within(timeoutMs).catch(() => undefined);
  }

  /** The call's value. Rejects with its error, or `ERR_RESULT_TIMEOUT` when not ready within `timeoutMs` (the task keeps running). */
  async get(timeoutMs?: number): Promise<T> {
    return this.#within(timeoutMs, true);
  }

  then<A = T, B = never>(onFulfilled?: ((value: T) => A | PromiseLike<A>) | null, onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
    return this.#promise.then(onFulfilled, onRejected);
  }

  #within(timeoutMs: number | undefined, rejectOnTimeout = false): Promise<T> {
    if (timeoutMs === undefined || this.#settled !== undefined) return this.#promise;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (rejectOnTimeout) reject(new PoolError('ERR_RESULT_TIMEOUT', `The result was not ready within ${timeoutMs} ms`, { timeout: timeoutMs }));
        else resolve(undefined as T);
      }, timeoutMs);
      this.#promise.then(resolve, reject).finally(() => clearTimeout(timer));
    });
  }
}
