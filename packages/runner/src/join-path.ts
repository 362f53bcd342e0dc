import * as path from 'node:path';

/**
 * `path.join(dir, name)` for a `dir` that is already absolute and normalised and a `name` that is a plain relative
 * path (no `.` or `..` segments, no leading or doubled separators): on POSIX a concatenation, elsewhere `path.join`.
 * `path.join` normalises character by character, and a fully cached run calls it a few hundred times while the code
 * is still cold: that took ~5 ms, plus what V8 then spends optimising it.
 */
export function joinPath(dir: string, name: string): string {
  if (path.sep !== '/') return path.join(dir, name);
  return dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}
