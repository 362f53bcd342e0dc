import { describe, expect, test } from 'vitest';
import { buildTaskGraph } from '../../src/graph/build-task-graph.js';
import { shardTasks } from '../../src/graph/shard-tasks.js';
import type { TaskGraph } from '../../src/graph/task-graph.js';
import type { TaskId } from '../../src/model/task-id.js';
import { defaultPipelineConfig, workspaceOf } from './workspace-of.js';

// Four independent apps over one shared lib; every package lints, tests and builds.
const workspace = workspaceOf({
  lib: { scripts: ['build', 'lint', 'test'] },
  a: { deps: ['lib'], scripts: ['build', 'lint', 'test'] },
  b: { deps: ['lib'], scripts: ['build', 'lint', 'test'] },
  c: { deps: ['lib'], scripts: ['build', 'lint', 'test'] },
  d: { deps: ['lib'], scripts: ['build', 'lint', 'test'] },
});
const graph = buildTaskGraph({ workspace, packages: workspace.packages, scripts: ['build', 'lint', 'test'], config: defaultPipelineConfig(), args: [] });
const ids = (shard: TaskGraph) => [...shard.tasks.keys()];

describe('shardTasks', () => {
  test('every task lands in some shard, and each shard holds the dependencies of its tasks', () => {
    const shards = [1, 2, 3].map((index) => shardTasks(graph, { index, total: 3 }));
    expect(new Set(shards.flatMap(ids))).toEqual(new Set(graph.tasks.keys()));
    for (const shard of shards) {
      for (const task of shard.tasks.values()) for (const dependency of task.dependencies) expect(shard.tasks.has(dependency)).toBe(true);
    }
  });

  test('targets (tasks nothing waits for) are split, not duplicated', () => {
    const targets = ids(graph).filter((id) => graph.dependents.get(id)!.length === 0);
    const counts = targets.map((id) => [1, 2].filter((index) => shardTasks(graph, { index, total: 2 }).tasks.has(id)).length);
    expect(counts.every((count) => count === 1)).toBe(true);
  });

  test('the same input gives the same shards', () => {
    expect(ids(shardTasks(graph, { index: 2, total: 3 }))).toEqual(ids(shardTasks(graph, { index: 2, total: 3 })));
  });

  test('estimated durations balance the shards: one long task gets a shard to itself', () => {
    const durations = new Map<TaskId, number>([...graph.tasks.keys()].map((id) => [id, id === 'a#test' ? 100_000 : 1_000]));
    const first = shardTasks(graph, { index: 1, total: 2 }, durations);
    expect(ids(first).sort()).toEqual(['a#build', 'a#test', 'lib#build']);
    const second = shardTasks(graph, { index: 2, total: 2 }, durations);
    expect(second.tasks.has('a#test' as TaskId)).toBe(false);
    expect(second.tasks.size).toBeGreaterThan(first.tasks.size);
  });

  test('dependents are recomputed within the shard', () => {
    const shard = shardTasks(graph, { index: 1, total: 1 });
    expect(Object.fromEntries(shard.dependents)).toEqual(Object.fromEntries(graph.dependents));
  });

  test('more shards than targets leave the extra shards empty', () => {
    expect(shardTasks(graph, { index: 40, total: 40 }).tasks.size).toBe(0);
  });
});
