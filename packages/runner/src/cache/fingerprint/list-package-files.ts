import { loadFastGlob } from '../load-fast-glob.js';
/**
 * Every file under `dir` (POSIX paths relative to it), for packages outside git: hidden files included,
 * `node_modules` and `.git` left out, symlinks listed but not followed.
 */
export async function listPackageFiles(dir: string): Promise<string[]> {
  const fg = await loadFastGlob();
  return fg('**', {
    cwd: dir,
    dot: true,
    onlyFiles: true,
    followSymbolicLinks: false,
    ignore: ['**/node_modules/**', '**/.git/**'],
  });
}
