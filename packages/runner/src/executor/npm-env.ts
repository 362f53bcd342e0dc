import * as path from 'node:path';
import { relativeInside } from '../relative-inside.js';
import type { Task } from '../model/task.js';

export interface NpmEnvOptions {
  task: Task;
  /** The package's version from package.json, if any. */
  version: string | undefined;
  /** Absolute path of the package's package.json. */
  manifestPath: string;
  /**
   * The package's `name`, for `npm_package_name` (left unset when empty, as npm does for a package without one).
   * @default task.packageName
   */
  packageName?: string;
  /** The workspace root; every `node_modules/.bin` from the package up to here goes on PATH. */
  root: string;
  /** Where fanout was invoked (`INIT_CWD`). */
  initCwd: string;
  /** The environment to extend. */
  env: NodeJS.ProcessEnv;
  /** @default `fanout/<version> node/<node version> <platform> <arch>` */
  userAgent?: string;
}

/**
 * The environment `npm run` gives a script, so that scripts behave the same when fanout spawns them directly:
 * PATH led by the package's and its ancestors' (up to the root) `node_modules/.bin`, and the `npm_*` variables
 * scripts and tools read. `NODE` is left as the caller has it. An inherited `npm_config_user_agent` (fanout
 * launched by `pnpm run`) is kept, so tools that sniff the package manager still see the one the user chose.
 */
export function npmEnv(options: NpmEnvOptions): Record<string, string> {
  return npmEnvFor(options)(options);
}

/** What {@link npmEnvFor}'s function needs per task. */
export type NpmEnvTask = Pick<NpmEnvOptions, 'task' | 'version' | 'manifestPath' | 'packageName'>;

/**
 * {@link npmEnv} for the tasks of one run: the inherited environment is read once, when the run starts, not per task
 * (reading `process.env` takes a getenv() per key: ~0.1 ms a task here, in the main process, on the way to the
 * worker), and each package directory's PATH is built once.
 */
export function npmEnvFor(run: Omit<NpmEnvOptions, keyof NpmEnvTask>): (task: NpmEnvTask) => Record<string, string> {
  const base: Record<string, string> = {};
  for (const [key, value] of Object.entries(run.env)) if (value !== undefined) base[key] = value;
  const pathKey = Object.keys(base).find((key) => key.toUpperCase() === 'PATH') ?? 'PATH';
  const inherited = base[pathKey];
  base['npm_config_user_agent'] ??= run.userAgent ?? `fanout node/${process.version} ${process.platform} ${process.arch}`;
  base['npm_node_execpath'] = process.execPath;
  base['INIT_CWD'] = run.initCwd;
  const paths = new Map<string, string>();
  return ({ task, version, manifestPath, packageName = task.packageName }) => {
    let searchPath = paths.get(task.dir);
    if (searchPath === undefined) {
      const bins = binDirectories(task.dir, run.root);
      searchPath = inherited ? [...bins, inherited].join(path.delimiter) : bins.join(path.delimiter);
      paths.set(task.dir, searchPath);
    }
    const env = { ...base };
    env[pathKey] = searchPath;
    env['npm_lifecycle_event'] = task.script;
    env['npm_lifecycle_script'] = task.command;
    if (packageName !== '') env['npm_package_name'] = packageName;
    else delete env['npm_package_name'];
    if (version !== undefined) env['npm_package_version'] = version;
    else delete env['npm_package_version'];
    env['npm_package_json'] = manifestPath;
    return env;
  };
}

/** `<dir>/node_modules/.bin` for the package directory and each ancestor up to and including the root. */
export function binDirectories(packageDir: string, root: string): string[] {
  const bins: string[] = [];
  let dir = path.resolve(packageDir);
  const top = path.resolve(root);
  for (;;) {
    bins.push(path.join(dir, 'node_modules', '.bin'));
    if (dir === top) break;
    const parent = path.dirname(dir);
    // A package outside the root (or a root that is not an ancestor) still gets the root's bins.
    if (parent === dir || relativeInside(top, parent) === undefined) {
      bins.push(path.join(top, 'node_modules', '.bin'));
      break;
    }
    dir = parent;
  }
  return bins;
}
