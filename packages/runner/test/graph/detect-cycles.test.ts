import { describe, expect, test } from 'vitest';
import { detectCycles } from '../../src/graph/detect-cycles.js';
import type { TaskId } from '../../src/model/task-id.js';

const tasksOf = (edges: Record<string, string[]>) =>
  new Map(Object.entries(edges).map(([id, deps]) => [id as TaskId, { dependencies: deps as TaskId[] }]));

describe('detectCycles', () => {
  test('an acyclic graph has none', () => {
    expect(detectCycles(tasksOf({ a: ['b', 'c'], b: ['c'], c: [] }))).toBeUndefined();
  });

  test('the cycle comes back as a closed path from its first task in sorted order', () => {
    expect(detectCycles(tasksOf({ z: ['x'], x: ['y'], y: ['z'], a: [] }))).toEqual(['x', 'y', 'z', 'x']);
  });

  test('a self-dependency is a cycle of one', () => {
    expect(detectCycles(tasksOf({ a: ['a'] }))).toEqual(['a', 'a']);
  });

  test('the same cycle is reported whatever the insertion order', () => {
    const one = detectCycles(tasksOf({ a: ['b'], b: ['c'], c: ['a'], d: ['a'] }));
    const two = detectCycles(tasksOf({ d: ['a'], c: ['a'], b: ['c'], a: ['b'] }));
    expect(one).toEqual(['a', 'b', 'c', 'a']);
    expect(two).toEqual(one);
  });

  test('a 20,000-long chain does not overflow the stack', () => {
    const edges: Record<string, string[]> = {};
    for (let i = 0; i < 20_000; i++) edges[`t${i}`] = i === 0 ? [] : [`t${i - 1}`];
    expect(detectCycles(tasksOf(edges))).toBeUndefined();
    edges['t0'] = ['t19999'];
    expect(detectCycles(tasksOf(edges))).toHaveLength(20_001);
  });
});
