import * as path from 'node:path';
import type { Task } from '../model/task.js';

export interface NpmEnvOptions {
  task: Task;
  /** The package's version from package.json, if any. */
  version: string | undefined;
  /** Absolute path of the package's package.json. */
  manifestPath: string;
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
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(options.env)) if (value !== undefined) env[key] = value;

  const pathKey = Object.keys(env).find((key) => key.toUpperCase() === 'PATH') ?? 'PATH';
  const bins = binDirectories(options.task.dir, options.root);
  const inherited = env[pathKey];
  env[pathKey] = inherited ? [...bins, inherited].join(path.delimiter) : bins.join(path.delimiter);

  env['npm_lifecycle_event'] = options.task.script;
  env['npm_lifecycle_script'] = options.task.command;
  env['npm_package_name'] = options.task.packageName;
  if (options.version !== undefined) env['npm_package_version'] = options.version;
  else delete env['npm_package_version'];
  env['npm_package_json'] = options.manifestPath;
  env['npm_config_user_agent'] ??=
    options.userAgent ?? `fanout node/${process.version} ${process.platform} ${process.arch}`;
  env['npm_node_execpath'] = process.execPath;
  env['INIT_CWD'] = options.initCwd;
  return env;
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
    if (parent === dir || !isInside(parent, top)) {
      bins.push(path.join(top, 'node_modules', '.bin'));
      break;
    }
    dir = parent;
  }
  return bins;
}

function isInside(dir: string, root: string): boolean {
  const relative = path.relative(root, dir);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
