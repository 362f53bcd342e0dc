import { lstat, readlink } from 'node:fs/promises';
import * as path from 'node:path';
import { loadFastGlob } from '../load-fast-glob.js';
import { isSafeRelativePath, isSafeSymlink } from './safe-path.js';

export type CollectedOutput = { path: string; type: 'file'; size: number; mode: number } | { path: string; type: 'symlink'; target: string };

/**
 * The files and symlinks the task's `outputs` globs match in `dir` (sorted), or the reason they can't be stored:
 * a path outside the package, or a symlink pointing out of it. A glob naming a folder (`dist`) means everything
 * in it; `!` globs exclude.
 */
export async function collectOutputs(dir: string, globs: readonly string[]): Promise<{ outputs: CollectedOutput[] } | { refused: string }> {
  const positive = globs.filter((glob) => !glob.startsWith('!')).map(stripDotSlash);
  if (positive.length === 0) return { outputs: [] };
  const negative = globs.filter((glob) => glob.startsWith('!')).map((glob) => stripDotSlash(glob.slice(1)));
  const matched = await (await loadFastGlob())([...positive, ...positive.map((glob) => `${glob}/**`)], {
    cwd: dir,
    dot: true,
    onlyFiles: false,
    markDirectories: true,
    followSymbolicLinks: false,
    unique: true,
    ignore: [...negative, ...negative.map((glob) => `${glob}/**`)],
  });
  const outputs: CollectedOutput[] = [];
  for (const file of [...new Set(matched)].sort()) {
    if (file.endsWith('/')) continue;
    if (!isSafeRelativePath(file)) return { refused: `output ${file} is outside the package` };
    const stats = await lstat(path.join(dir, file)).catch(() => undefined);
    if (!stats) continue;
    if (stats.isSymbolicLink()) {
      const target = await readlink(path.join(dir, file));
      if (!isSafeSymlink(file, target)) return { refused: `output ${file} is a symlink pointing outside the package (${target})` };
      outputs.push({ path: file, type: 'symlink', target });
    } else if (stats.isFile()) {
      outputs.push({ path: file, type: 'file', size: stats.size, mode: stats.mode & 0o7777 });
    }
  }
  return { outputs };
}

function stripDotSlash(glob: string): string {
  return glob.startsWith('./') ? glob.slice(2) : glob;
}
