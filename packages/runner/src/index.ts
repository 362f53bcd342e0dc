export { run } from './run.js';
export { RunnerError, type RunnerErrorCode } from './errors.js';
export type { RunOptions } from './run-options.js';
export type { TaskId } from './model/task-id.js';
export type { Task, TaskConfig } from './model/task.js';
export type { TaskResult, TaskStatus, CacheStatus, FailedAttempt } from './model/task-result.js';
export type { RunSummary } from './model/run-summary.js';
export type { RunEvent, Reporter } from './model/run-event.js';
export type { TaskCache, CacheLookup, Fingerprint } from './cache/task-cache.js';
export type { Workspace, WorkspacePackage } from './workspace/workspace.js';
export type { TaskGraph } from './graph/task-graph.js';
export {
  findWorkspaceRoot,
  discoverWorkspace,
  selectPackages,
  loadPipelineConfig,
  buildTaskGraph,
  shardTasks,
  renderGraph,
  type PipelineConfig,
  type SelectPackagesOptions,
  type PackageSelection,
  type BuildTaskGraphInput,
} from './planning.js';
export { createTerminalReporter, type TerminalReporterOptions, type OutputMode } from './reporters/terminal-reporter.js';
export { chromeTrace } from './reporters/chrome-trace.js';
export { describeFlaky } from './reporters/describe-attempts.js';
export { createTaskCache, defaultCacheDir, type CreateTaskCacheOptions } from './cache/create-task-cache.js';
export { parseSize, formatSize } from './cache/parse-size.js';
export { compareNatural } from './compare-natural.js';
