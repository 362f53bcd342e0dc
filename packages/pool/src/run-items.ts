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
 * stay on a plain loop (no promise, no path strings per item), so tiny tasks cost a function call each; the
 * first thenable moves the rest of the chunk to {@link runItemsAsync}.
 */
export function runItems(fn: AnyFunction, star: boolean, items: readonly unknown[]): RunReply | Promise<RunReply> {
  const count = items.length;
  // One loop per calling convention: a worker's first (cold) chunk runs in the interpreter, where every bytecode of
  // the loop body counts. `push`, not a preallocated array: a holey array is structured-cloned as a sparse one, ~5×
  // slower to send.
  const values: unknown[] = [];
  let i = 0;
  try {
    if (star) {
      for (; i < count; i++) {
        const value = fn(...(items[i] as unknown[]));
        if (needsCloneCheck(value)) {
          if (isThenable(value)) return runItemsAsync(fn, star, items, i, value, values);
          checkResult(value, i);
        }
        values.push(value);
      }
    } else {
      for (; i < count; i++) {
        const value = fn(items[i]);
        if (needsCloneCheck(value)) {
          if (isThenable(value)) return runItemsAsync(fn, star, items, i, value, values);
          checkResult(value, i);
        }
        values.push(value);
      }
    }
  } catch (error) {
    return { values, error: serializeThrown(error) };
  }
  return { values };
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
