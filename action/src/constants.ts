/** Input names as action.yml declares them; `core.getInput` reads them from `INPUT_<NAME>` (hyphens kept). */
export const Inputs = {
  Tasks: 'tasks',
  Filter: 'filter',
  Affected: 'affected',
  ChangedFilesIgnorePattern: 'changed-files-ignore-pattern',
  Concurrency: 'concurrency',
  ContinueOnError: 'continue-on-error',
  Only: 'only',
  Cache: 'cache',
  CacheKeyPrefix: 'cache-key-prefix',
  CacheMaxSize: 'cache-max-size',
  WorkingDirectory: 'working-directory',
  Shard: 'shard',
  Args: 'args',
} as const;

export type InputName = (typeof Inputs)[keyof typeof Inputs];

/** Defaults, identical to action.yml's, applied when an input is empty (tests and local runs set no defaults). */
export const InputDefaults = {
  [Inputs.Tasks]: 'lint test build',
  [Inputs.Cache]: 'true',
  [Inputs.CacheKeyPrefix]: 'fanout-v1',
  [Inputs.CacheMaxSize]: '2GB',
  [Inputs.WorkingDirectory]: '.',
} as const satisfies Partial<Record<InputName, string>>;

export const Outputs = {
  SummaryPath: 'summary-path',
  FailedTasks: 'failed-tasks',
  TasksTotal: 'tasks-total',
  TasksFailed: 'tasks-failed',
  CacheHits: 'cache-hits',
  DurationMs: 'duration-ms',
} as const;

/** What the main step hands to the post step through `saveState`. */
export const State = {
  /** JSON of the cache plan: paths, key, restored key, size budget; absent when the cache is off or unavailable. */
  CachePlan: 'fanout-cache-plan',
  /** Entries the run added to the task cache; the post step saves only when this is above 0. */
  EntriesWritten: 'fanout-entries-written',
} as const;

/** GitHub displays at most 10 error annotations per step; we emit no more and count the rest. */
export const MAX_ERROR_ANNOTATIONS = 10;

/** GitHub rejects a step summary above 1 MiB. */
export const MAX_SUMMARY_BYTES = 1024 * 1024;

/** Task output kept in memory per task for its log group; the full log is always in the task's log file. */
export const MAX_BUFFERED_OUTPUT_BYTES = 4 * 1024 * 1024;
