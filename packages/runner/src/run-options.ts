import type { Reporter } from './model/run-event.js';

/** Options of `run()`, the programmatic form of `fanout run` (the CLI and the GitHub Action both call it). */
export interface RunOptions {
  /** Where to look for the workspace root (walking up). @default process.cwd() */
  cwd?: string;
  /** Script names to run in every selected package that has them, e.g. `['lint', 'test', 'build']`. */
  scripts: string[];
  /** Arguments appended to every script (what follows `--` on the command line). @default [] */
  args?: string[];
  /** pnpm `--filter` selectors; several are a union, `!` ones subtract. @default [] (every package) */
  filter?: string[];
  /** Only packages changed since a base ref, and their dependents. `true` takes the base from `FANOUT_BASE` or the default branch. @default false */
  affected?: boolean | string;
  /**
   * Globs of changed files that `[ref]` filters and `affected` disregard (pnpm's `--changed-files-ignore-pattern`),
   * relative to the workspace root and matching dot files too. A file matching one selects no package and does not
   * count as a workspace-wide root change (even `pnpm-lock.yaml`, if you list it). Without a `[ref]` filter or
   * `affected` they change nothing. An empty glob is ERR_RUNNER_USAGE.
   * @default []
   * @example ['docs/**', '.changeset/**', '*.md']
   */
  changedFilesIgnorePattern?: string[];
  /**
   * Run only the named scripts of the selected packages (turbo's `--only`): nothing is added for a `dependsOn`, so
   * `{ scripts: ['test'], only: true }` runs the tests without the builds they wait for. The tasks kept stay in the
   * order the full graph gives them; one that lost a dependency runs without the cache (its fingerprint needs the
   * dependency's). For a step whose dependencies ran before (an earlier CI job), or a quick re-run.
   * @default false
   */
  only?: boolean;
  /** Tasks at once: a number, or a percentage of the cores such as `'50%'`. @default every core */
  concurrency?: number | string;
  /** Keep running everything whose dependencies succeeded after a failure. @default false */
  continueOnError?: boolean;
  /** Read and write the task cache. @default true */
  cache?: boolean;
  /** Don't read the cache, but write it. @default false */
  force?: boolean;
  /** @default `<root>/node_modules/.cache/fanout` (or `FANOUT_CACHE_DIR`) */
  cacheDir?: string;
  /** Run only this slice of the tasks (1-based index), for CI matrix sharding. */
  shard?: { index: number; total: number };
  /**
   * How the built-in terminal reporter prints task output (see `OutputMode`; `'new-only'` leaves out the replayed logs
   * of cache hits); `'none'` turns it off (when passing your own reporters).
   * @default 'grouped' in CI, 'stream' on a TTY
   */
  output?: 'grouped' | 'stream' | 'errors-only' | 'new-only' | 'none';
  /** Extra reporters; each receives every event. @default [] */
  reporters?: Reporter[];
  /** Write the end report as JSON here. */
  summaryFile?: string;
  /** Write a Chrome trace (one track per worker PID) here. */
  profileFile?: string;
  /** Aborting behaves like SIGINT: running task trees are killed and the run ends as interrupted. */
  signal?: AbortSignal;
  /** Environment for the scripts. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Where the terminal reporter writes. @default process.stdout / process.stderr */
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

/** Whether a run with these options runs every task (`cache: false` or `force`): no lookup can spare one. */
export function runsEveryTask(options: Pick<RunOptions, 'cache' | 'force'>): boolean {
  return options.cache === false || options.force === true;
}
