import * as path from 'node:path';

/**
 * Where the task cache lives when neither `--cache-dir` nor `FANOUT_CACHE_DIR` says otherwise:
 * `<root>/node_modules/.cache/fanout`, next to the runner's duration history and logs.
 * `FANOUT_CACHE_DIR` is resolved against `root` when relative.
 */
export function defaultCacheDir(root: string, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env['FANOUT_CACHE_DIR'];
  if (fromEnv !== undefined && fromEnv !== '') return path.resolve(root, fromEnv);
  return path.join(root, 'node_modules', '.cache', 'fanout');
}
