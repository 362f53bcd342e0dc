import { describe, expect, it } from 'vitest';
import { planOf, renderPlanText } from '../../src/cli/render-plan.js';
import type { PreparedRun } from '../../src/run.js';
import { DurationHistory } from '../../src/scheduler/duration-history.js';
import type { Workspace } from '../../src/workspace/workspace.js';
import { estimatesOf, graphOf } from '../scheduler/graph-of.js';

function prepared(): PreparedRun {
  const graph = graphOf({ 'a#lint': [], 'a#build': [], 'b#build': ['a#build'], 'b#test': ['b#build'] });
  const workspace: Workspace = { root: '/repo', kind: 'pnpm', packages: [], byName: new Map(), lockfile: undefined };
  return {
    cwd: '/repo',
    env: {},
    workspace,
    graph,
    globalInputs: { dependencies: [], env: [] },
    concurrency: 2,
    stateDir: '/repo/node_modules/.cache/fanout',
    history: new DurationHistory(null),
    estimates: estimatesOf({ 'a#lint': 500, 'a#build': 1000, 'b#build': 2000, 'b#test': 1500 }),
    warnings: [],
  };
}

describe('dry-run plan', () => {
  it('lists tasks in the order they would start, with estimated starts, durations and dependencies', () => {
    expect(renderPlanText(planOf(prepared()))).toBe(
      `Plan: 4 tasks on 2 slots · estimated 4.50s · critical path 4.50s
     start     takes  task
     0.00s     1.00s  a#build
     0.00s     0.50s  a#lint
     1.00s     2.00s  b#build  after a#build
     3.00s     1.50s  b#test  after b#build
`,
    );
  });

  it('gives the same plan as JSON', () => {
    const plan = planOf(prepared());
    expect(plan.tasks.map((task) => [task.id, task.startMs, task.estimatedMs, task.dependencies])).toEqual([
      ['a#build', 0, 1000, []],
      ['a#lint', 0, 500, []],
      ['b#build', 1000, 2000, ['a#build']],
      ['b#test', 3000, 1500, ['b#build']],
    ]);
    expect(plan.criticalPath).toEqual({ tasks: ['a#build', 'b#build', 'b#test'], ms: 4500 });
  });
});
