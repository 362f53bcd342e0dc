import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { RunnerError } from '../errors.js';
import { detectLockfile } from './detect-lockfile.js';
import { compareDirs, findPackageDirs } from './find-package-dirs.js';
import { jsonKeyPosition } from './json-key-position.js';
import { readManifest, type Manifest } from './read-manifest.js';
import { readPnpmWorkspace } from './read-pnpm-workspace.js';
import type { Workspace, WorkspacePackage } from './workspace.js';
import { workspaceDependencies, type WorkspaceMember } from './workspace-dependencies.js';
import { joinPath } from '../join-path.js';

/**
 * Every package of the workspace at `root`: from pnpm-workspace.yaml `packages` globs, else the root package.json
 * `workspaces` (an array or `{ packages }`), else the root package alone.
 *
 * The root package.json of a multi-package workspace is a package only when a glob names it (`.`), which is what
 * `pnpm -r` and `npm run --workspaces` do: its scripts usually call the runner itself (`"build": "fanout run build"`),
 * so including it by default would recurse.
 */
export async function discoverWorkspace(root: string): Promise<Workspace> {
  const rootManifestPath = path.join(root, 'package.json');
  const pnpmFile = path.join(root, 'pnpm-workspace.yaml');
  const [pnpmText, rootRead, lockfile] = await Promise.all([
    readOptional(pnpmFile),
    exists(rootManifestPath).then((present) => (present ? readManifest(rootManifestPath) : undefined)),
    detectLockfile(root),
  ]);

  let kind: Workspace['kind'];
  let dirs: string[];
  if (pnpmText !== undefined) {
    kind = 'pnpm';
    dirs = await findPackageDirs(root, await readPnpmWorkspace(pnpmText, pnpmFile));
  } else if (rootRead !== undefined && rootRead.manifest['workspaces'] !== undefined) {
    kind = 'npm';
    dirs = await findPackageDirs(root, await npmWorkspaceGlobs(rootRead.manifest, rootRead.text, rootManifestPath));
  } else if (rootRead !== undefined) {
    kind = 'single';
    dirs = ['.'];
  } else {
    throw new RunnerError('ERR_RUNNER_WORKSPACE', `No package.json or pnpm-workspace.yaml in \`${root}\``, {
      hint: 'Run fanout inside a package or a workspace.',
    });
  }

  // In order, one at a time: the first broken manifest in directory order is the one reported.
  const manifests: Array<{ relativeDir: string; manifest: Manifest }> = [];
  for (const relativeDir of dirs) {
    const read = relativeDir === '.' && rootRead !== undefined ? rootRead : await readManifest(joinPath(relativeDir === '.' ? root : joinPath(root, relativeDir), 'package.json'));
    manifests.push({ relativeDir, ...read });
  }

  const members = new Map<string, WorkspaceMember & { relativeDir: string; manifest: Manifest; manifestPath: string }>();
  for (const { relativeDir, manifest } of manifests) {
    const dir = relativeDir === '.' ? root : joinPath(root, relativeDir);
    const manifestPath = joinPath(dir, 'package.json');
    const name = manifest['name'];
    if (typeof name !== 'string' || name === '') {
      // pnpm lets a workspace root go without a name; it just isn't a package then.
      if (relativeDir === '.' && kind !== 'single') continue;
      throw new RunnerError('ERR_RUNNER_MANIFEST', `Expected ${manifestPath} to have a \`name\` (a non-empty string), got \`${JSON.stringify(name ?? null)}\``, {
        file: manifestPath,
        hint: 'Every workspace package needs a unique `name`: task ids are `<name>#<script>`.',
      });
    }
    const other = members.get(name);
    if (other) {
      throw new RunnerError('ERR_RUNNER_DUPLICATE_PACKAGE', `Two workspace packages are named \`${name}\`: \`${other.relativeDir}\` and \`${relativeDir}\``, {
        file: manifestPath,
        hint: 'Rename one of them, or exclude one from the workspace globs with a `!` pattern.',
      });
    }
    const version = typeof manifest['version'] === 'string' ? manifest['version'] : undefined;
    members.set(name, { name, version, dir, relativeDir, manifest, manifestPath });
  }

  const packages: WorkspacePackage[] = [];
  for (const member of [...members.values()].sort((a, b) => compareDirs(a.relativeDir, b.relativeDir))) {
    packages.push({
      name: member.name,
      version: member.version,
      dir: member.dir,
      relativeDir: member.relativeDir,
      manifestPath: member.manifestPath,
      scripts: scriptsOf(member.manifest),
      workspaceDependencies: await workspaceDependencies(member.manifest, member.manifestPath, members),
      manifest: member.manifest,
    });
  }
  const rootPackage = packages.find((pkg) => pkg.relativeDir === '.') ?? (rootRead && rootOnly(root, rootManifestPath, rootRead.manifest));
  return { root, kind, packages, byName: new Map(packages.map((pkg) => [pkg.name, pkg])), ...(rootPackage ? { rootPackage } : {}), lockfile };
}

/**
 * The root package.json of a workspace whose globs leave it out, as the target of turbo's root tasks. Like turbo's
 * root tasks it has no package dependencies (`^build` finds nothing), which also keeps its devDependencies, often
 * on every package, from being checked as a package's would be.
 */
function rootOnly(root: string, manifestPath: string, manifest: Manifest): WorkspacePackage {
  const name = manifest['name'];
  const version = manifest['version'];
  return {
    name: typeof name === 'string' ? name : '',
    version: typeof version === 'string' ? version : undefined,
    dir: root,
    relativeDir: '.',
    manifestPath,
    scripts: scriptsOf(manifest),
    workspaceDependencies: [],
    manifest,
  };
}

async function npmWorkspaceGlobs(manifest: Manifest, text: string, file: string): Promise<string[]> {
  const field = manifest['workspaces'];
  const list = Array.isArray(field) ? field : (field as { packages?: unknown } | null)?.packages;
  if (Array.isArray(list) && list.every((glob) => typeof glob === 'string')) return list;
  const position = await jsonKeyPosition(text, ['workspaces']);
  throw new RunnerError(
    'ERR_RUNNER_MANIFEST',
    `Expected \`workspaces\` in ${file} to be an array of globs or \`{ "packages": [...] }\`, got \`${JSON.stringify(field)}\``,
    { file, ...position, hint: 'For example `"workspaces": ["packages/*"]`.' },
  );
}

function scriptsOf(manifest: Manifest): Record<string, string> {
  const scripts = manifest['scripts'];
  const result: Record<string, string> = {};
  if (typeof scripts !== 'object' || scripts === null) return result;
  for (const [name, command] of Object.entries(scripts as Record<string, unknown>)) {
    if (typeof command === 'string') result[name] = command;
  }
  return result;
}

// Synchronous, as readManifest is: small files read before anything runs, where each thread-pool call costs more.
async function readOptional(file: string): Promise<string | undefined> {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

async function exists(file: string): Promise<boolean> {
  return existsSync(file);
}
