import type { TaskConfig } from '../model/task.js';

/** The task pipeline: what each task name depends on and how it runs, from one config source. */
export interface PipelineConfig {
  /** Absolute path of the file the config came from, or `'defaults'` when the workspace has none. */
  source: string;
  /** Settings per task name (`build`), for every package. */
  tasks: Record<string, TaskConfig>;
  /** Settings for one package's task, keyed `pkg#task`; they replace (not merge with) `tasks[task]`, like turbo. */
  packageTasks: Record<string, TaskConfig>;
  /**
   * Globs of files, relative to the workspace root, in every task's fingerprint (turbo's `globalDependencies`): a
   * change to one is a miss for every task, and under `--affected` marks every package as changed.
   * @default []
   */
  globalDependencies?: string[];
  /**
   * Environment variables in every task's fingerprint (turbo's `globalEnv`), as each task's `env`.
   * @default []
   */
  globalEnv?: string[];
}

/**
 * The pipeline without a config file: `build`, `compile` and `typecheck` wait for the `build` of the package's
 * workspace dependencies; `test` waits for its own package's `build` (skipped where the package has none); `lint`
 * and every other script are free.
 */
export function defaultPipelineConfig(): PipelineConfig {
  return {
    source: 'defaults',
    tasks: {
      build: { dependsOn: ['^build'] },
      compile: { dependsOn: ['^build'] },
      typecheck: { dependsOn: ['^build'] },
      test: { dependsOn: ['build'] },
      lint: {},
    },
    packageTasks: {},
  };
}

/** The config of one package's task: the package-specific entry, else the task name's, else none. */
export function taskConfigFor(config: PipelineConfig, packageName: string, script: string): TaskConfig {
  return config.packageTasks[`${packageName}#${script}`] ?? config.tasks[script] ?? {};
}
