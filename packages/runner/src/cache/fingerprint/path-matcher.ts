import { loadPicomatch } from '../load-picomatch.js';

/** Characters that make a pattern a glob for picomatch; anything else is matched as a plain path. */
const GLOB_SYNTAX = /[*?[\]{}()!+@\\]/;

/**
 * A test for package-relative POSIX paths against globs (matched like picomatch with `dot: true`). Plain paths
 * (`dist`, `out/index.js`) and plain folders with `/**` (`dist/**`) are compared as strings, so picomatch is only
 * loaded for real globs: the usual `outputs: ["dist"]` costs a fully cached run nothing to load.
 */
export async function pathMatcher(patterns: readonly string[]): Promise<(file: string) => boolean> {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  const globs: string[] = [];
  for (const pattern of patterns) {
    const folder = pattern.endsWith('/**') ? pattern.slice(0, -3) : undefined;
    const plain = folder ?? pattern;
    if (!isPlainPath(plain)) globs.push(pattern);
    else if (folder === undefined) exact.add(plain);
    else {
      // picomatch's `dist/**` matches `dist` itself too.
      exact.add(plain);
      prefixes.push(`${plain}/`);
    }
  }
  const glob = globs.length > 0 ? (await loadPicomatch())(globs, { dot: true }) : undefined;
  return (file) => exact.has(file) || prefixes.some((prefix) => file.startsWith(prefix)) || (glob !== undefined && glob(file));
}

/** A relative path with no glob syntax and no `.`, `..` or empty segments (which picomatch would normalise). */
function isPlainPath(pattern: string): boolean {
  if (pattern === '' || GLOB_SYNTAX.test(pattern)) return false;
  return pattern.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}
