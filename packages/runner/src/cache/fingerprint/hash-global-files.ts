import { loadFastGlob } from '../load-fast-glob.js';
import type { FileHasher } from './hash-files.js';

/**
 * The files `globs` match under the workspace `root` (turbo's `globalDependencies`), as root-relative POSIX path →
 * `<mode> <blob id>`, sorted. Matched on the file system, ignored files included: a global dependency is often an
 * ignored `.env`. `node_modules` is never searched. `!` globs remove.
 */
export async function hashGlobalFiles(root: string, globs: readonly string[], hasher: FileHasher): Promise<Record<string, string>> {
  const positive = globs.filter((glob) => !glob.startsWith('!'));
  const negative = globs.filter((glob) => glob.startsWith('!')).map((glob) => glob.slice(1));
  const fastGlob = await loadFastGlob();
  const matched = await fastGlob(positive, { cwd: root, dot: true, onlyFiles: true, followSymbolicLinks: false, ignore: ['**/node_modules/**', ...negative] });
  const hashes = await hasher.hashAll(root, matched);
  const result: Record<string, string> = {};
  for (const file of [...hashes.keys()].sort()) result[file] = hashes.get(file)!;
  return result;
}
