import { describe, expect, test } from 'vitest';
import { loadPipelineConfig } from '../../src/config/load-pipeline-config.js';
import { buildTaskGraph } from '../../src/graph/build-task-graph.js';
import type { TaskId } from '../../src/model/task-id.js';
import { discoverWorkspace } from '../../src/workspace/discover-workspace.js';
import { selectPackages } from '../../src/workspace/filter/select-packages.js';
import { tempWorkspace, type Files } from '../workspace/temp-workspace.js';

const COUNT = 1_000;

/** Package i depends on up to three earlier packages, picked by a fixed formula: a layered DAG, no randomness. */
function depsOf(i: number): number[] {
  if (i === 0) return [];
  return [...new Set([i - 1, Math.floor(i / 2), (i * 7) % i])].filter((d) => d >= 0 && d < i).sort((a, b) => a - b);
}
const nameOf = (i: number) => `@scale/p${String(i).padStart(4, '0')}`;

describe('a 1,000-package workspace', () => {
  test('is discovered and planned completely: 3,000 tasks with every build after its dependencies’ builds', async () => {
    const files: Files = {
      'package.json': { name: 'root', private: true },
      'pnpm-workspace.yaml': 'packages:\n  - "packages/*"\n',
    };
    for (let i = 0; i < COUNT; i++) {
      files[`packages/p${String(i).padStart(4, '0')}/package.json`] = {
        name: nameOf(i),
        version: '1.0.0',
        scripts: { build: 'node build.js', lint: 'eslint .', test: 'vitest run' },
        dependencies: Object.fromEntries(depsOf(i).map((d) => [nameOf(d), 'workspace:*'])),
      };
    }
    await using ws = await tempWorkspace(files);

    const workspace = await discoverWorkspace(ws.root);
    const selection = await selectPackages(workspace, [], { cwd: ws.root });
    const config = await loadPipelineConfig(workspace);
    const graph = buildTaskGraph({ workspace, packages: selection.packages, scripts: ['build', 'lint', 'test'], config, args: [] });

    expect(workspace.packages).toHaveLength(COUNT);
    expect(graph.tasks.size).toBe(3 * COUNT);
    for (let i = 0; i < COUNT; i++) {
      const build = graph.tasks.get(`${nameOf(i)}#build` as TaskId)!;
      expect(build.dependencies).toEqual(depsOf(i).map((d) => `${nameOf(d)}#build`));
      expect(graph.tasks.get(`${nameOf(i)}#test` as TaskId)!.dependencies).toEqual([`${nameOf(i)}#build`]);
    }
    const filtered = await selectPackages(workspace, [`...${nameOf(990)}`], { cwd: ws.root });
    expect(filtered.packages.map((p) => p.name)).toContain(nameOf(999));
  }, 120_000);
});
