import { lstat, readdir } from 'node:fs/promises';
import * as path from 'node:path';

/**
 * Total bytes of the regular files under `paths` (symlinks not followed; missing paths count 0), where a path
 * starting with `!` is left out, as in the path lists of `@actions/cache`.
 */
export async function directorySize(paths: readonly string[]): Promise<number> {
  let total = 0;
  const excluded = new Set(paths.filter((entry) => entry.startsWith('!')).map((entry) => path.resolve(entry.slice(1))));
  // Only the one glob form restore plans, `<dir>/*`, is expanded here.
  const pending = paths.filter((entry) => !entry.startsWith('!')).map((entry) => (path.basename(entry) === '*' ? path.dirname(entry) : entry));
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (excluded.has(path.resolve(next))) continue;
    const stats = await lstat(next).catch(() => undefined);
    if (stats?.isDirectory()) {
      const dir = next;
      pending.push(...(await readdir(dir)).map((name) => path.join(dir, name)));
    } else if (stats?.isFile()) {
      total += stats.size;
    }
  }
  return total;
}
