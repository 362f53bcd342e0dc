import { defaultPipelineConfig, type PipelineConfig } from '../../src/config/pipeline-config.js';
import type { Workspace, WorkspacePackage } from '../../src/workspace/workspace.js';

/** An in-memory workspace: `workspaceOf({ app: { deps: ['lib'], scripts: ['build', 'test'] } })`. */
export function workspaceOf(spec: Record<string, { deps?: string[]; scripts?: string[] }>): Workspace {
  const packages: WorkspacePackage[] = Object.entries(spec)
    .map(([name, { deps = [], scripts = ['build'] }]) => ({
      name,
      version: '1.0.0',
      dir: `/repo/packages/${name}`,
      relativeDir: `packages/${name}`,
      manifestPath: `/repo/packages/${name}/package.json`,
      scripts: Object.fromEntries(scripts.map((script) => [script, `${script} ${name}`])),
      workspaceDependencies: [...deps].sort(),
      manifest: {},
    }))
    .sort((a, b) => (a.relativeDir < b.relativeDir ? -1 : 1));
  return { root: '/repo', kind: 'pnpm', packages, byName: new Map(packages.map((p) => [p.name, p])), lockfile: undefined };
}

export function configOf(tasks: PipelineConfig['tasks'], packageTasks: PipelineConfig['packageTasks'] = {}): PipelineConfig {
  return { source: '/repo/fanout.json', tasks, packageTasks };
}

export { defaultPipelineConfig };
