import { describe, expect, it } from 'vitest';
import { PoolError } from '../src/errors.js';
import { toSourceSpec } from '../src/portable-function.js';

function notPortable(fn: (...args: never[]) => unknown): PoolError {
  try {
    toSourceSpec(fn);
  } catch (error) {
    expect(error).toBeInstanceOf(PoolError);
    return error as PoolError;
  }
  throw new Error('expected ERR_FUNCTION_NOT_PORTABLE');
}

describe('portable functions', () => {
  it('accepts functions that only use their parameters, locals and globals', () => {
    expect(toSourceSpec((x: number) => Math.sqrt(x) + Number(JSON.stringify(x)))).toMatchObject({ kind: 'source' });
    expect(toSourceSpec(function (this: unknown, ...rest: number[]) {
      const [first = 0] = rest;
      class Local {
        value = first;
      }
      return new Local().value + arguments.length;
    })).toMatchObject({ kind: 'source' });
  });

  it('names the outer identifier a closure uses', () => {
    const factor = 3;
    const error = notPortable((x: number) => x * factor);
    expect(error.code).toBe('ERR_FUNCTION_NOT_PORTABLE');
    expect(error.identifier).toBe('factor');
    expect(error.message).toContain('`factor`');
  });

  it('sees through nesting and shadowing', () => {
    const outer = 1;
    expect(notPortable(() => [1].map((y) => y + outer)).identifier).toBe('outer');
    expect(toSourceSpec(() => {
      const outer = 2;
      return outer;
    })).toMatchObject({ kind: 'source' });
  });

  it('turns method shorthand into an expression', () => {
    const object = {
      half(x: number) {
        return x / 2;
      },
    };
    // eslint-disable-next-line @typescript-eslint/unbound-method -- shipped without its object
    const spec = toSourceSpec(object.half);
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- what the worker does with the source
    expect(spec.kind === 'source' && (new Function(`return (${spec.source})`)() as (x: number) => number)(8)).toBe(4);
  });
});
