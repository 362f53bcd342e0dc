import * as path from 'node:path';

// Files at the workspace root that every package's scripts read: installs, the workspace layout, the task
// pipeline, shared compiler settings. A change to one of them can change any package's output, so it marks every
// package as changed (turbo treats its global dependencies, root package.json and lockfile the same way).
const WORKSPACE_WIDE = new Set([
  'package.json',
  'pnpm-lock.yaml',
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'bun.lock',
  'bun.lockb',
  'pnpm-workspace.yaml',
  '.npmrc',
  '.yarnrc.yml',
  'fanout.json',
  'turbo.json',
  'turbo.jsonc',
]);

/**
 * Whether a changed file outside every package (a path relative to the workspace root) affects every package:
 * the lockfile, root manifest, workspace and pipeline config, and root `tsconfig*.json` files (which packages
 * extend). Other root files — README, docs, CI config — select nothing.
 */
export function isWorkspaceWideFile(relativePath: string): boolean {
  if (path.posix.dirname(relativePath) !== '.') return false;
  return WORKSPACE_WIDE.has(relativePath) || /^tsconfig(\.[^/]+)?\.json$/.test(relativePath);
}
