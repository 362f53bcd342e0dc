import { describe, expect, it } from 'vitest';
import { criticalPath, upwardRanks } from '../../src/scheduler/critical-path.js';
import { graphOf } from './graph-of.js';

const graph = graphOf({
  'a#build': [],
  'b#build': ['a#build'],
  'c#build': ['a#build'],
  'c#test': ['c#build'],
  'd#lint': [],
});
const durations: Record<string, number> = { 'a#build': 10, 'b#build': 50, 'c#build': 20, 'c#test': 20, 'd#lint': 5 };

describe('critical path', () => {
  it('ranks each task by its duration plus the longest chain of dependents after it', () => {
    const ranks = upwardRanks(graph, (id) => durations[id]!);
    expect(Object.fromEntries(ranks)).toEqual({ 'a#build': 60, 'b#build': 50, 'c#build': 40, 'c#test': 20, 'd#lint': 5 });
  });

  it('finds the chain with the largest summed duration', () => {
    expect(criticalPath(graph, (id) => durations[id]!)).toEqual({ tasks: ['a#build', 'b#build'], ms: 60 });
  });

  it('is empty for an empty graph', () => {
    expect(criticalPath(graphOf({}), () => 1)).toEqual({ tasks: [], ms: 0 });
  });
});
