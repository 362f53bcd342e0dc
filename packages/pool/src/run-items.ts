import { findUnclonable, needsCloneCheck } from './clone-check.js';
import { PoolError } from './errors.js';
import type { RunReply } from './protocol.js';
import { serializeThrown } from './serialize-error.js';

type AnyFunction = (...args: unknown[]) => unknown;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** Throws ERR_NOT_SERIALIZABLE when a result cannot travel back to the parent. */
function checkResult(value: unknown, index: number): void {
  const bad = findUnclonable(value, 'result');
  if (bad === undefined) return;
  throw new PoolError('ERR_NOT_SERIALIZABLE', `The result of item ${index} cannot be sent back to the parent: \`${bad.path}\` is ${bad.what}`, {
    position: bad.path,
    hint: 'Return plain data (primitives, arrays, plain objects, Map, Set, Date, typed arrays).',
  });
}

/**
 * Runs `fn` over a chunk in order. Stops at the first failure, like Python's chunk task. Synchronous results
 * stay synchronous (no promise, no path strings per item), so tiny tasks cost a function call each; the first
 * thenable moves the rest of the chunk to {@link runItemsAsync}.
 *
 * `items.map`, not a loop of our own: a worker's first chunks run cold, and `map` keeps the loop and the result
 * array in V8's builtin, where a bytecode loop with `push` ran ~2× slower and deoptimized when results turned from
 * small integers into doubles. Its result is packed (dense to structured clone) when the input has no holes, which
 * the parent guarantees (holes are filled in Pool#mapAll). After a stop the callback returns at once and the result is cut there.
 */
export function runItems(fn: AnyFunction, star: boolean, items: readonly unknown[]): RunReply | Promise<RunReply> {
  let stopAt = -1;
  let thrown: unknown;
  let pending: PromiseLike<unknown> | undefined;
  const settle = (value: unknown, index: number): unknown => {
    if (isThenable(value)) {
      stopAt = index;
      pending = value;
      return undefined;
    }
    checkResult(value, index);
    return value;
  };
  const fail = (error: unknown, index: number): undefined => {
    stopAt = index;
    thrown = error;
    return undefined;
  };
  // The check is needsCloneCheck's, written out: a call per item is what a cold chunk pays most for.
  const values = items.map(
    star
      ? (item, index) => {
          if (stopAt !== -1) return undefined;
          try {
            const value = fn(...(item as unknown[]));
            const type = typeof value;
            return type === 'object' || type === 'function' || type === 'symbol' ? settle(value, index) : value;
          } catch (error) {
            return fail(error, index);
          }
        }
      : (item, index) => {
          if (stopAt !== -1) return undefined;
          try {
            const value = fn(item);
            const type = typeof value;
            return type === 'object' || type === 'function' || type === 'symbol' ? settle(value, index) : value;
          } catch (error) {
            return fail(error, index);
          }
        },
  );
  if (stopAt === -1) return { values };
  values.length = stopAt;
  if (pending !== undefined) return runItemsAsync(fn, star, items, stopAt, pending, values);
  return { values, error: serializeThrown(thrown) };
}

async function runItemsAsync(fn: AnyFunction, star: boolean, items: readonly unknown[], from: number, pending: PromiseLike<unknown>, values: unknown[]): Promise<RunReply> {
  let next: unknown = pending;
  for (let i = from; i < items.length; i++) {
    try {
      if (i > from) next = star ? fn(...(items[i] as unknown[])) : fn(items[i]);
      const value = isThenable(next) ? await next : next;
      if (needsCloneCheck(value)) checkResult(value, i);
      values.push(value);
    } catch (error) {
      return { values, error: serializeThrown(error) };
    }
  }
  return { values };
}
