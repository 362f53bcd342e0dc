import * as path from 'node:path';
import { RunnerError } from '../../errors.js';
import type { Workspace, WorkspacePackage } from '../workspace.js';
import { git } from './git.js';
import type { IsIgnoredChange } from './ignored-changed-files.js';
import { isWorkspaceWideFile } from './workspace-wide-files.js';

export interface ChangedPackages {
  readonly packages: WorkspacePackage[];
  /** The root file whose change marked every package as changed, when one did. */
  readonly workspaceWideFile?: string;
  /** That file is one of the config's `globalDependencies` (rather than a root file every package reads). */
  readonly globalDependency?: boolean;
}

/**
 * Packages with a file changed since `ref`: committed changes since the merge base (`git diff <ref>...HEAD`, as pnpm
 * does), plus uncommitted and untracked files, so a local run sees work in progress. A file belongs to the deepest
 * package directory containing it. A file outside every package (the root's, unless the root is a package) selects
 * every package when it is workspace-wide (lockfile, root manifest, pipeline config: see isWorkspaceWideFile), and
 * nothing otherwise; a file `isGlobalDependency` accepts (the config's `globalDependencies`) selects every package. Files `isIgnored` accepts (`--changed-files-ignore-pattern`) count for neither. Throws
 * ERR_RUNNER_GIT when git cannot answer (not a repository, unknown ref).
 */
export async function changedPackages(
  workspace: Workspace,
  ref: string,
  options: { env?: NodeJS.ProcessEnv; isIgnored?: IsIgnoredChange; isGlobalDependency?: IsIgnoredChange } = {},
): Promise<ChangedPackages> {
  const { env, isIgnored = () => false, isGlobalDependency = () => false } = options;
  const cwd = workspace.root;
  const [committed, uncommitted, untracked] = await Promise.all([
    git(cwd, ['diff', '--name-only', '--no-renames', '--relative', '-z', `${ref}...HEAD`, '--'], env),
    git(cwd, ['diff', '--name-only', '--no-renames', '--relative', '-z', 'HEAD', '--'], env),
    git(cwd, ['ls-files', '--others', '--exclude-standard', '-z'], env),
  ]);
  for (const result of [committed, uncommitted, untracked]) {
    if (!result.ok) {
      throw new RunnerError('ERR_RUNNER_GIT', `Could not list the files changed since \`${ref}\`: ${result.stderr.trim().split('\n')[0] ?? 'git failed'}`, {
        hint: `Check that \`${ref}\` exists (\`git rev-parse ${ref}\`), that the workspace is a git repository, and that the clone has enough history (actions/checkout \`fetch-depth: 0\`).`,
      });
    }
  }
  const byDir = new Map(workspace.packages.map((pkg) => [pkg.relativeDir, pkg]));
  const changed = new Set<WorkspacePackage>();
  const files = [committed, uncommitted, untracked].flatMap((result) => result.stdout.split('\0')).filter((file) => file !== '' && !isIgnored(file));
  for (const file of files.sort()) {
    // Wherever it is: the config says every task reads it.
    if (isGlobalDependency(file)) return { packages: [...workspace.packages], workspaceWideFile: file, globalDependency: true };
    const owner = ownerOf(file, byDir);
    if (owner) changed.add(owner);
    else if (isWorkspaceWideFile(file)) return { packages: [...workspace.packages], workspaceWideFile: file };
  }
  return { packages: workspace.packages.filter((pkg) => changed.has(pkg)) };
}

function ownerOf(file: string, byDir: ReadonlyMap<string, WorkspacePackage>): WorkspacePackage | undefined {
  for (let dir = path.posix.dirname(file); ; dir = path.posix.dirname(dir)) {
    const owner = byDir.get(dir);
    if (owner) return owner;
    if (dir === '.' || dir === '/' || dir === '') return undefined;
  }
}
