import type { TaskId } from '../model/task-id.js';
import type { TaskGraph } from './task-graph.js';

/**
 * The task graph as Graphviz DOT or a Mermaid flowchart, for `--graph`. Edges point from a task to the tasks waiting
 * for it (the order things run in), left to right; tasks are listed in id order so the text diffs cleanly.
 */
export function renderGraph(graph: TaskGraph, format: 'dot' | 'mermaid'): string {
  const ids = [...graph.tasks.keys()].sort();
  const edges: Array<[TaskId, TaskId]> = [];
  for (const id of ids) for (const dependency of [...graph.tasks.get(id)!.dependencies].sort()) edges.push([dependency, id]);

  if (format === 'dot') {
    const quote = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    return [
      'digraph tasks {',
      '  rankdir=LR;',
      '  node [shape=box];',
      ...ids.map((id) => `  ${quote(id)};`),
      ...edges.map(([from, to]) => `  ${quote(from)} -> ${quote(to)};`),
      '}',
      '',
    ].join('\n');
  }
  // Mermaid node ids must be plain words; the task id goes in the label, with quotes written as an entity.
  const key = new Map(ids.map((id, index) => [id, `t${index}`]));
  return [
    'flowchart LR',
    ...ids.map((id) => `  ${key.get(id)}["${id.replace(/"/g, '#quot;')}"]`),
    ...edges.map(([from, to]) => `  ${key.get(from)} --> ${key.get(to)}`),
    '',
  ].join('\n');
}
