import { describe, expect, test } from 'vitest';
import { buildTaskGraph } from '../../src/graph/build-task-graph.js';
import { renderGraph } from '../../src/graph/render-graph.js';
import { defaultPipelineConfig, workspaceOf } from './workspace-of.js';

const workspace = workspaceOf({ '@x/lib': {}, app: { deps: ['@x/lib'], scripts: ['build', 'test'] } });
const graph = buildTaskGraph({ workspace, packages: workspace.packages, scripts: ['build', 'test'], config: defaultPipelineConfig(), args: [] });

describe('renderGraph', () => {
  test('DOT lists every task and an edge from each dependency to the task waiting for it', () => {
    expect(renderGraph(graph, 'dot')).toBe(
      [
        'digraph tasks {',
        '  rankdir=LR;',
        '  node [shape=box];',
        '  "@x/lib#build";',
        '  "app#build";',
        '  "app#test";',
        '  "@x/lib#build" -> "app#build";',
        '  "app#build" -> "app#test";',
        '}',
        '',
      ].join('\n'),
    );
  });

  test('mermaid uses plain node ids with the task ids as labels', () => {
    expect(renderGraph(graph, 'mermaid')).toBe(
      ['flowchart LR', '  t0["@x/lib#build"]', '  t1["app#build"]', '  t2["app#test"]', '  t0 --> t1', '  t1 --> t2', ''].join('\n'),
    );
  });
});
