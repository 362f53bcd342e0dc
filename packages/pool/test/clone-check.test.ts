import { describe, expect, it } from 'vitest';
import { findUnclonable } from '../src/clone-check.js';

describe('findUnclonable', () => {
  it('accepts what structured clone copies', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic['self'] = cyclic;
    for (const value of [1, 'x', null, undefined, 10n, new Date(), /re/, new Map([[1, { a: [1] }]]), new Set([1]), new Uint8Array(4), new ArrayBuffer(2), new Error('e'), cyclic]) {
      expect(findUnclonable(value, 'v')).toBeUndefined();
    }
  });

  it('finds functions, symbols and promises, with their path', () => {
    expect(findUnclonable({ a: [1, { f: () => 1 }] }, 'args[0]')).toMatchObject({ path: 'args[0].a[1].f' });
    expect(findUnclonable([Symbol('s')], 'x')).toMatchObject({ path: 'x[0]' });
    expect(findUnclonable(new Map([['k', Promise.resolve()]]), 'm')?.what).toContain('Promise');
  });
});
