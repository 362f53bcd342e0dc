import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { RunnerError } from '../errors.js';

/**
 * The workspace root for `cwd`: the nearest ancestor (or `cwd` itself) holding a `pnpm-workspace.yaml`; else the
 * nearest one whose package.json has `workspaces` (npm, yarn); else the nearest directory with a package.json.
 * A pnpm workspace wins over a nearer npm one because pnpm ignores `workspaces`, and a nested package's own
 * package.json must not hide the workspace around it.
 */
export async function findWorkspaceRoot(cwd: string): Promise<string> {
  const start = path.resolve(cwd);
  const ancestors: string[] = [];
  for (let dir = start; ; dir = path.dirname(dir)) {
    ancestors.push(dir);
    if (path.dirname(dir) === dir) break;
  }

  // Synchronous, like every small read before the first task: a few syscalls per folder, where the thread pool would
  // take several round trips each (see readManifest).
  const checks = ancestors.map((dir) => ({
    dir,
    pnpm: isFile(path.join(dir, 'pnpm-workspace.yaml')),
    manifest: readText(path.join(dir, 'package.json')),
  }));
  const pnpm = checks.find((check) => check.pnpm);
  if (pnpm) return pnpm.dir;
  const npm = checks.find((check) => check.manifest !== undefined && declaresWorkspaces(check.manifest));
  if (npm) return npm.dir;
  const single = checks.find((check) => check.manifest !== undefined);
  if (single) return single.dir;
  throw new RunnerError('ERR_RUNNER_WORKSPACE', `No package.json or pnpm-workspace.yaml found in \`${start}\` or any directory above it`, {
    hint: 'Run fanout inside a package or a workspace (a directory with a package.json or pnpm-workspace.yaml).',
  });
}

function declaresWorkspaces(text: string): boolean {
  try {
    const manifest = JSON.parse(text) as unknown;
    return typeof manifest === 'object' && manifest !== null && 'workspaces' in manifest;
  } catch {
    // A malformed package.json is reported with its position by discovery, not here.
    return false;
  }
}

function isFile(file: string): boolean {
  return statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
