import type { TaskId } from './task-id.js';

/** What the config (fanout.json, package.json "fanout", or turbo.json) says about one task name. */
export interface TaskConfig {
  /** Turborepo syntax: `^build` (same task in workspace dependencies), `build` (same package), `pkg#task`. */
  dependsOn?: string[];
  /** Globs relative to the package (fast-glob/picomatch); `$DEFAULT` keeps the default input set and extends it. */
  inputs?: string[];
  /** Globs relative to the package of the files the task produces; restored on a cache hit. */
  outputs?: string[];
  /** Names of environment variables whose values are part of the fingerprint. */
  env?: string[];
  /** @default true */
  cache?: boolean;
  /** Milliseconds; the task's whole process tree is killed past it. */
  timeout?: number;
  /** Extra attempts after a failure; a task that passes on a retry is reported flaky. @default 0 */
  retries?: number;
  /**
   * A task that runs until stopped (a dev server, a watcher), as turbo's `persistent`: nothing may depend on it, the run
   * needs a slot for each such task and one more, its output streams even in grouped mode, and it is not cached
   * unless `cache` says otherwise.
   * @default false
   */
  persistent?: boolean;
}

/** One node of the task graph: a script of one workspace package, ready to run. */
export interface Task {
  id: TaskId;
  packageName: string;
  /** Absolute package directory. */
  dir: string;
  /** Script name, e.g. `build`. */
  script: string;
  /** The script's command text from package.json. */
  command: string;
  /** Arguments given after `--` on the fanout command line, appended to the command. */
  args: string[];
  /** Direct dependencies (tasks that must succeed first). */
  dependencies: TaskId[];
  /**
   * Dependencies the run left out (`only`), sorted; absent when none were. They are not waited for. The task's
   * fingerprint is still made from theirs, computed from their inputs without running them (TaskGraph.wholeTasks),
   * so a change under a left-out build is a miss, as in a whole run, never a hit on a result built on other inputs.
   */
  leftOut?: TaskId[];
  config: TaskConfig;
}
