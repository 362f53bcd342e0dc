import type { PreparedRun } from '../run.js';
import { formatDuration } from '../reporters/format-duration.js';
import { criticalPath } from '../scheduler/critical-path.js';
import { simulateSchedule } from '../scheduler/simulate-schedule.js';

/** The plan `--dry-run` prints: tasks in the order they would start, with dependencies and estimates. */
export function planOf(prepared: PreparedRun) {
  const { graph, estimates, concurrency } = prepared;
  const simulated = simulateSchedule(graph, estimates, concurrency);
  const path = criticalPath(graph, (id) => estimates.get(id) ?? 0);
  return {
    version: 1 as const,
    root: prepared.workspace.root,
    concurrency,
    estimatedMs: simulated.makespanMs,
    criticalPath: path,
    tasks: simulated.tasks.map((planned) => {
      const task = graph.tasks.get(planned.id)!;
      return {
        id: task.id,
        packageName: task.packageName,
        script: task.script,
        command: task.command,
        args: task.args,
        dir: task.dir,
        dependencies: task.dependencies,
        estimatedMs: estimates.get(task.id) ?? 0,
        startMs: planned.startMs,
        rank: planned.rank,
      };
    }),
  };
}

export function renderPlanText(plan: ReturnType<typeof planOf>): string {
  const lines = [
    `Plan: ${plan.tasks.length} task${plan.tasks.length === 1 ? '' : 's'} on ${plan.concurrency} slot${plan.concurrency === 1 ? '' : 's'} · ` +
      `estimated ${formatDuration(plan.estimatedMs)} · critical path ${formatDuration(plan.criticalPath.ms)}`,
    `  ${'start'.padStart(8)}  ${'takes'.padStart(8)}  task`,
  ];
  for (const task of plan.tasks) {
    const deps = task.dependencies.length > 0 ? `  after ${task.dependencies.join(', ')}` : '';
    lines.push(`  ${formatDuration(task.startMs).padStart(8)}  ${formatDuration(task.estimatedMs).padStart(8)}  ${task.id}${deps}`);
  }
  return `${lines.join('\n')}\n`;
}
