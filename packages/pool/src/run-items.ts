import { findUnclonable, needsCloneCheck } from './clone-check.js';
import { PoolError } from './errors.js';
import type { RunReply } from './protocol.js';
import { serializeThrown } from './serialize-error.js';

type AnyFunction = (...args: unknown[]) => unknown;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function unclonableResult(value: unknown, index: number): PoolError | undefined {
  const bad = findUnclonable(value, 'result');
  if (bad === undefined) return undefined;
  return new PoolError('ERR_NOT_SERIALIZABLE', `The result of item ${index} cannot be sent back to the parent: \`${bad.path}\` is ${bad.what}`, {
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
  const values: unknown[] = [];
  let i = 0;
  try {
    for (; i < items.length; i++) {
      const value = star ? fn(...(items[i] as unknown[])) : fn(items[i]);
      if (needsCloneCheck(value)) {
        if (isThenable(value)) return runItemsAsync(fn, star, items, i, value, values);
        const bad = unclonableResult(value, i);
        if (bad) throw bad;
      }
      values.push(value);
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
      const bad = needsCloneCheck(value) ? unclonableResult(value, i) : undefined;
      if (bad) throw bad;
      values.push(value);
    } catch (error) {
      return { values, error: serializeThrown(error) };
    }
  }
  return { values };
}
