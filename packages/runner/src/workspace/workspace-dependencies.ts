import * as path from 'node:path';
import { RunnerError } from '../errors.js';
import { commonJsExport } from './commonjs-export.js';
import type { Manifest } from './read-manifest.js';

/** The manifest fields whose entries order tasks, like `pnpm -r` sorts by all four. */
export const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;

export interface WorkspaceMember {
  name: string;
  version: string | undefined;
  dir: string;
}

/**
 * Names of workspace packages `manifest` depends on, sorted: an entry counts when its name is a workspace package and
 * its spec is `workspace:…`, `*`/empty/`latest`, a `file:`/`link:` path to that package's directory, or a semver range
 * the package's version satisfies (what npm and pnpm link). A `workspace:` spec nothing in the workspace satisfies is
 * an error: pnpm refuses to install it, and running on would order tasks wrongly.
 */
export async function workspaceDependencies(
  manifest: Manifest,
  manifestPath: string,
  members: ReadonlyMap<string, WorkspaceMember>,
): Promise<string[]> {
  const self = manifest['name'];
  const found = new Set<string>();
  for (const field of DEPENDENCY_FIELDS) {
    const entries = manifest[field];
    if (typeof entries !== 'object' || entries === null) continue;
    for (const [name, spec] of Object.entries(entries as Record<string, unknown>)) {
      if (name === self || typeof spec !== 'string') continue;
      const member = members.get(name);
      if (spec.startsWith('workspace:')) {
        if (member === undefined || !(await satisfiesWorkspaceSpec(member, spec.slice('workspace:'.length), manifestPath))) {
          throw missing(name, spec, field, manifestPath, member);
        }
        found.add(name);
      } else if (member !== undefined && (await matches(member, spec, manifestPath))) {
        found.add(name);
      }
    }
  }
  return [...found].sort();
}

async function satisfiesWorkspaceSpec(member: WorkspaceMember, range: string, manifestPath: string): Promise<boolean> {
  // `workspace:*`, `workspace:^`, `workspace:~`, a path (`workspace:../lib`) or an alias (`workspace:lib@*`).
  if (range === '' || range === '*' || range === '^' || range === '~') return true;
  if (range.startsWith('.') || range.startsWith('/')) return samePath(member.dir, path.resolve(path.dirname(manifestPath), range));
  const alias = range.lastIndexOf('@');
  const plain = alias > 0 ? range.slice(alias + 1) : range;
  return plain === '' || plain === '*' || satisfies(member.version, plain);
}

async function matches(member: WorkspaceMember, spec: string, manifestPath: string): Promise<boolean> {
  if (spec === '' || spec === '*' || spec === 'latest') return true;
  if (spec.startsWith('file:') || spec.startsWith('link:')) {
    return samePath(member.dir, path.resolve(path.dirname(manifestPath), spec.slice(5)));
  }
  return satisfies(member.version, spec);
}

/** A plain release (no prerelease or build): it satisfies `^v`, `~v`, `=v`, `>=v` and `v` by definition. */
const PLAIN_VERSION = /^\d+\.\d+\.\d+$/;

async function satisfies(version: string | undefined, range: string): Promise<boolean> {
  if (version === undefined) return false;
  // The usual in-workspace spec names the member's own version: answer it without loading semver (~30 ms).
  if (PLAIN_VERSION.test(version) && [version, `^${version}`, `~${version}`, `=${version}`, `>=${version}`].includes(range.trim())) return true;
  const semver = commonJsExport(await import('semver'));
  if (semver.validRange(range) === null) return false;
  return semver.satisfies(version, range, { includePrerelease: true });
}

function samePath(a: string, b: string): boolean {
  return path.relative(a, b) === '';
}

function missing(name: string, spec: string, field: string, manifestPath: string, member: WorkspaceMember | undefined): RunnerError {
  const message =
    member === undefined
      ? `${manifestPath} depends on \`${name}\` with \`${spec}\` in \`${field}\`, but no workspace package is named \`${name}\``
      : `${manifestPath} depends on \`${name}@${spec}\` in \`${field}\`, but the workspace package \`${name}\` is version \`${member.version ?? '(none)'}\``;
  return new RunnerError('ERR_RUNNER_MISSING_DEPENDENCY', message, {
    file: manifestPath,
    hint:
      member === undefined
        ? 'Add the package to the workspace globs, fix the name, or depend on a registry version instead of `workspace:`.'
        : `Use \`workspace:*\` or a range that \`${member.version ?? ''}\` satisfies.`,
  });
}
