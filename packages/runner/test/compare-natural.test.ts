import { describe, expect, it } from 'vitest';
import { compareNatural } from '../src/compare-natural.js';

describe('compareNatural', () => {
  it('orders digit runs by value, so PoolWorker-10 comes after PoolWorker-9', () => {
    const names = ['PoolWorker-10', 'PoolWorker-2', 'PoolWorker-1', 'PoolWorker-9'];
    expect(names.sort(compareNatural)).toEqual(['PoolWorker-1', 'PoolWorker-2', 'PoolWorker-9', 'PoolWorker-10']);
  });

  it('compares the text between digit runs by code unit', () => {
    expect(['b2', 'a10', 'a2', 'a', 'ab', 'a2b', 'a2a'].sort(compareNatural)).toEqual(['a', 'a2', 'a2a', 'a2b', 'a10', 'ab', 'b2']);
  });

  it('compares numbers longer than a double holds exactly', () => {
    expect(compareNatural('x18446744073709551617', 'x18446744073709551616')).toBeGreaterThan(0);
    expect(compareNatural('x9', 'x10000000000000000000000')).toBeLessThan(0);
  });

  it('is 0 only for equal strings', () => {
    expect(compareNatural('a1', 'a1')).toBe(0);
    expect(compareNatural('a01', 'a1')).not.toBe(0);
    expect(Math.sign(compareNatural('a01', 'a1'))).toBe(-Math.sign(compareNatural('a1', 'a01')));
  });
});
