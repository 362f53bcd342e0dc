import * as path from 'node:path';
import { relativeInside } from '../../relative-inside.js';

/**
 * Whether `relative` is a plain package-relative POSIX path: not empty, not absolute, no drive letter or
 * backslash, no `.` or `..` segment. What an entry may name; anything else could write outside the package.
 */
export function isSafeRelativePath(relative: string): boolean {
  if (relative === '' || relative.includes('\\') || relative.includes('\0')) return false;
  if (relative.startsWith('/') || /^[a-zA-Z]:/.test(relative)) return false;
  return relative.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

/** Whether a symlink at package-relative `linkPath` pointing at `target` stays inside the package. */
export function isSafeSymlink(linkPath: string, target: string): boolean {
  if (target === '' || path.posix.isAbsolute(target) || path.win32.isAbsolute(target) || target.includes('\\')) return false;
  const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(linkPath), target));
  return resolved !== '..' && !resolved.startsWith('../') && resolved !== '.';
}

/** Whether absolute `child` is `parent` or inside it (a folder named `..x` in it is inside). */
export function isInside(parent: string, child: string): boolean {
  return relativeInside(parent, child) !== undefined;
}
