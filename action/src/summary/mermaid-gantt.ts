import { compareNatural, type TaskResult } from '@fanout/runner';

/** Tasks per chart: GitHub renders mermaid up to a text limit, and a long gantt is unreadable anyway. */
export const MAX_TASKS_PER_CHART = 60;

/**
 * The run as `mermaid` gantt charts, one section per worker (cache hits in their own section), times in
 * milliseconds from the run's start (`dateFormat x`). Tasks that never ran (skipped) have no bar.
 */
export function renderGantt(tasks: readonly TaskResult[], runStart: number): string[] {
  const bars = tasks
    .filter((task) => task.startTime !== null && task.endTime !== null)
    .map((task) => ({ task, section: task.cache === 'hit' ? CACHE_SECTION : (task.worker ?? 'other') }))
    .sort((a, b) => sectionOrder(a.section, b.section) || (a.task.startTime ?? 0) - (b.task.startTime ?? 0));
  const charts: string[] = [];
  for (let start = 0; start < bars.length; start += MAX_TASKS_PER_CHART) {
    const chunk = bars.slice(start, start + MAX_TASKS_PER_CHART);
    const lines = ['```mermaid', 'gantt', '  dateFormat x', '  axisFormat %M:%S'];
    let section: string | undefined;
    for (const [offset, { task, section: name }] of chunk.entries()) {
      if (name !== section) {
        section = name;
        lines.push(`  section ${mermaidText(name)}`);
      }
      const from = Math.max(0, (task.startTime ?? runStart) - runStart);
      // A zero-length bar does not render; 1 ms keeps instant tasks (cache hits) visible.
      const to = Math.max(from + 1, (task.endTime ?? runStart) - runStart);
      const tag = task.status === 'failed' ? 'crit, ' : task.cache === 'hit' ? 'done, ' : '';
      lines.push(`  ${mermaidText(task.id)} :${tag}t${start + offset}, ${from}, ${to}`);
    }
    lines.push('```');
    charts.push(lines.join('\n'));
  }
  return charts;
}

const CACHE_SECTION = 'cache hits';

/** Workers in numeric order (PoolWorker-2 before PoolWorker-10), cache hits last. */
function sectionOrder(a: string, b: string): number {
  if (a === b) return 0;
  if (a === CACHE_SECTION) return 1;
  if (b === CACHE_SECTION) return -1;
  return compareNatural(a, b);
}

/**
 * Mermaid reads `:` as the end of a task name, `#…;` as an entity and `%%` as a comment, and GitHub would pass
 * markup through; names keep letters, digits, spaces and `@ / . _ -`, `#` becomes a space.
 */
export function mermaidText(text: string): string {
  return (
    text
      .replace(/#/g, ' ')
      .replace(/[^\p{L}\p{N} @/._-]/gu, '_')
      .trim() || '_'
  );
}
