import * as path from 'node:path';
import { loadFastGlob } from '../load-fast-glob.js';
import type { FileHasher } from './hash-files.js';

/**
 * The files `globs` match under the workspace `root` (turbo's `globalDependencies`), as root-relative POSIX path →
 * `<mode> <blob id>`, sorted. Matched on the file system, ignored files included: a global dependency is often an
 * ignored `.env`; a symlink counts as the file it points at. `node_modules` and `.git` are never searched. `!` globs
 * remove.
 */
export async function hashGlobalFiles(root: string, globs: readonly string[], hasher: FileHasher): Promise<Record<string, string>> {
  const positive = globs.filter((glob) => !glob.startsWith('!'));
  const negative = globs.filter((glob) => glob.startsWith('!')).map((glob) => glob.slice(1));
  const fastGlob = await loadFastGlob();
  // Not `onlyFiles`: it drops a symlink to a file (a linked `.env`), which is hashed through the link instead.
  // Symlinked folders are not walked (no cycles); directories come back marked, and are skipped.
  const matched = await fastGlob(positive, {
    cwd: root,
    dot: true,
    onlyFiles: false,
    markDirectories: true,
    followSymbolicLinks: false,
    ignore: ['**/node_modules/**', '**/.git/**', ...negative],
  });
  const files = matched.filter((file) => !file.endsWith('/')).sort();
  const hashes = await Promise.all(files.map((file) => hasher.hashContent(path.join(root, file))));
  const result: Record<string, string> = {};
  for (const [at, file] of files.entries()) {
    const hash = hashes[at];
    if (hash !== undefined) result[file] = hash;
  }
  return result;
}
