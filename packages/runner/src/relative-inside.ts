import * as path from 'node:path';

/**
 * `child`'s path relative to `parent`, POSIX-style (`''` for `parent` itself), or `undefined` when `child` is not
 * inside it. Both absolute. A plain prefix check first: `path.relative` resolves both paths character by character,
 * and a fully cached run asks this for every task and every pair of packages while the code is still cold.
 */
export function relativeInside(parent: string, child: string): string | undefined {
  if (child === parent) return '';
  const base = parent.endsWith(path.sep) ? parent : `${parent}${path.sep}`;
  if (child.startsWith(base) && !child.endsWith(path.sep) && !child.includes(`${path.sep}.`)) {
    const rest = child.slice(base.length);
    return path.sep === '/' ? rest : rest.split(path.sep).join('/');
  }
  const relative = path.relative(parent, child);
  if (relative === '') return '';
  if (relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}
