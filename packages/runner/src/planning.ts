// The planning half of a run: workspace → selection → pipeline config → task graph. run.ts and the CLI import from here.
export { findWorkspaceRoot } from './workspace/find-workspace-root.js';
export { discoverWorkspace } from './workspace/discover-workspace.js';
export { selectPackages, type SelectPackagesOptions, type PackageSelection } from './workspace/filter/select-packages.js';
export { parseFilter, type PackageSelector } from './workspace/filter/parse-filter.js';
export { loadPipelineConfig } from './config/load-pipeline-config.js';
export { defaultPipelineConfig, type PipelineConfig } from './config/pipeline-config.js';
export { buildTaskGraph, type BuildTaskGraphInput } from './graph/build-task-graph.js';
export { detectCycles } from './graph/detect-cycles.js';
export { shardTasks } from './graph/shard-tasks.js';
export { renderGraph } from './graph/render-graph.js';
