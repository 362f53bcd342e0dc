import { lstat, readdir } from 'node:fs/promises';
import * as path from 'node:path';

/** Total bytes of the regular files under `paths` (symlinks not followed); missing paths count 0. */
export async function directorySize(paths: readonly string[]): Promise<number> {
  let total = 0;
  const pending = [...paths];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
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
