import { findUnclonable } from './clone-check.js';
import { PoolError } from './errors.js';
import type { RunReply } from './protocol.js';
import { serializeThrown } from './serialize-error.js';

type AnyFunction = (...args: unknown[]) => unknown;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * Runs `fn` over a chunk in order. Stops at the first failure, like Python's chunk task; synchronous
 * results are not awaited, so tiny tasks cost a function call each.
 */
export async function runItems(fn: AnyFunction, star: boolean, items: readonly unknown[]): Promise<RunReply> {
  const values: unknown[] = [];
  for (let i = 0; i < items.length; i++) {
    try {
      let value = star ? fn(...(items[i] as unknown[])) : fn(items[i]);
      if (isThenable(value)) value = await value;
      const bad = findUnclonable(value, 'result');
      if (bad !== undefined) {
        throw new PoolError('ERR_NOT_SERIALIZABLE', `The result of item ${i} cannot be sent back to the parent: \`${bad.path}\` is ${bad.what}`, {
          position: bad.path,
          hint: 'Return plain data (primitives, arrays, plain objects, Map, Set, Date, typed arrays).',
        });
      }
      values.push(value);
    } catch (error) {
      return { values, error: serializeThrown(error) };
    }
  }
  return { values };
}
