import type { WorkspacePackage } from '../workspace.js';

/**
 * Packages whose name matches `pattern`, where `*` stands for any characters (pnpm's matcher: `@scope/*`, `*-utils`).
 * Like pnpm, an unscoped pattern that matches nothing falls back to the one scoped package it names (`ui` → `@acme/ui`),
 * but only when exactly one does.
 */
export function matchNames(packages: readonly WorkspacePackage[], pattern: string): WorkspacePackage[] {
  const matched = packages.filter(matcher(pattern));
  if (matched.length > 0 || pattern.startsWith('@')) return matched;
  const scoped = packages.filter(matcher(`@*/${pattern}`));
  return scoped.length === 1 ? scoped : [];
}

function matcher(pattern: string): (pkg: WorkspacePackage) => boolean {
  if (!pattern.includes('*')) return (pkg) => pkg.name === pattern;
  const source = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*');
  const regex = new RegExp(`^${source}$`);
  return (pkg) => regex.test(pkg.name);
}
