import type { Workspace } from '../workspace/workspace.js';
import { LocalTaskCache, type CacheWarning } from './local-task-cache.js';
import { parseSize } from './parse-size.js';
import type { TaskCache } from './task-cache.js';
import type { WorkTree } from './work-tree.js';

export { defaultCacheDir } from './default-cache-dir.js';
export { openWorkTree, type WorkTree } from './work-tree.js';

/** Size budget of the store when `maxSize` and `FANOUT_CACHE_MAX_SIZE` don't say otherwise: 5 GB. */
export const DEFAULT_CACHE_MAX_BYTES = 5 * 1024 ** 3;

export interface CreateTaskCacheOptions {
  workspace: Workspace;
  /** Absolute folder of the store, e.g. from `defaultCacheDir(root, env)`. */
  cacheDir: string;
  /** Look entries up; `false` is `--force` (every task is a miss, and still stored). */
  read: boolean;
  /** Store successful tasks' outputs and logs. */
  write: boolean;
  /**
   * Environment whose declared variables are fingerprinted; also where `FANOUT_CACHE_MAX_SIZE` is read.
   * @default process.env
   */
  env?: NodeJS.ProcessEnv;
  /**
   * Size budget applied (least recently used first) in `close()`, in bytes or as `'2GB'`.
   * @default FANOUT_CACHE_MAX_SIZE, else 5 GB
   */
  maxSize?: number | string;
  /**
   * Globs of files, relative to the workspace root, in every task's fingerprint (the config's `globalDependencies`).
   * @default []
   */
  globalDependencies?: readonly string[];
  /**
   * Variables in every task's fingerprint (the config's `globalEnv`), globs allowed as in a task's `env`.
   * @default []
   */
  globalEnv?: readonly string[];
  /** A cache problem never fails a run: it arrives here, and the task runs uncached. */
  onWarning(warning: CacheWarning): void;
  /**
   * The workspace's git listing, started ahead with {@link openWorkTree} so that git runs while the caller is still
   * planning. Used only if opened at `workspace.root`.
   * @default listed when the cache is created
   */
  workTree?: WorkTree;
}


/**
 * The task cache the runner uses: fingerprints tasks from their inputs, restores verified outputs and logs on a
 * hit, explains a miss, stores atomically, and keeps the store within its size budget.
 *
 * @example
 * const cache = createTaskCache({ workspace, cacheDir: defaultCacheDir(workspace.root, process.env), read: true, write: true, onWarning: console.warn });
 * const lookup = await cache.lookup(task, new Map());
 */
export function createTaskCache(options: CreateTaskCacheOptions): TaskCache {
  const env = options.env ?? process.env;
  return new LocalTaskCache({
    workspace: options.workspace,
    cacheDir: options.cacheDir,
    read: options.read,
    write: options.write,
    env,
    maxBytes: maxBytesOf(options.maxSize, env),
    globalDependencies: options.globalDependencies ?? [],
    globalEnv: options.globalEnv ?? [],
    onWarning: (warning) => options.onWarning(warning),
    ...(options.workTree?.root === options.workspace.root ? { repo: options.workTree.repo } : {}),
  });
}

function maxBytesOf(maxSize: number | string | undefined, env: NodeJS.ProcessEnv): number {
  if (typeof maxSize === 'number') return maxSize;
  if (typeof maxSize === 'string') return parseSize('maxSize', maxSize);
  const fromEnv = env['FANOUT_CACHE_MAX_SIZE'];
  return fromEnv === undefined || fromEnv === '' ? DEFAULT_CACHE_MAX_BYTES : parseSize('FANOUT_CACHE_MAX_SIZE', fromEnv);
}
