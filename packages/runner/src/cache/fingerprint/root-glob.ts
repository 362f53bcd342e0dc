/** A glob starting with this is relative to the workspace root (`$TURBO_ROOT$` for turbo.json users). */
const ROOT_PREFIX = /^(!?)\$(?:ROOT|TURBO_ROOT\$)\//;

/**
 * Resolves `$ROOT/…` (turbo's `$TURBO_ROOT$/…`) in a package's glob, `!` ones included, to a path from the package:
 * from `packages/a` (its `relativeDir`), `$ROOT/tsconfig.json` is `../../tsconfig.json`. Other globs are unchanged.
 */
export function rootGlobResolver(relativeDir: string): (glob: string) => string {
  const up = upToRoot(relativeDir);
  return (glob) => glob.replace(ROOT_PREFIX, (_, bang: string) => `${bang}${up}`);
}

/** The ignore globs that keep a walk from `$ROOT` globs out of the root's `node_modules` and `.git`. */
export function rootWalkIgnores(relativeDir: string): string[] {
  const up = upToRoot(relativeDir);
  return up === '' ? ['**/node_modules/**', '**/.git/**'] : ['**/node_modules/**', '**/.git/**', `${up}**/node_modules/**`, `${up}.git/**`];
}

/** The path from a package folder (`packages/a`) back to the root: `../../`, or nothing for the root itself. */
function upToRoot(relativeDir: string): string {
  return relativeDir === '.' ? '' : '../'.repeat(relativeDir.split('/').length);
}
