import * as path from 'node:path';
import { RunnerError } from '../../errors.js';
import type { Workspace, WorkspacePackage } from '../workspace.js';
import { commonJsExport } from '../commonjs-export.js';
import { changedPackages } from './changed-packages.js';
import { closeNames } from './close-names.js';
import { checkChangedFilesIgnorePatterns, globalDependencyFiles, ignoredChangedFiles, type IsIgnoredChange } from './ignored-changed-files.js';
import { matchNames } from './match-names.js';
import { parseFilter, type PackageSelector } from './parse-filter.js';
import { resolveAffectedBase } from './resolve-affected-base.js';

export interface SelectPackagesOptions {
  /** Directory that `./dir` and `{dir}` selectors are relative to (pnpm: where the command runs). */
  cwd: string;
  /**
   * Only packages changed since a base and their dependents (`...[base]`), intersected with the filters when there are
   * any. `true` takes the base from `FANOUT_BASE`, else the default branch; a string is the base itself.
   * @default false
   */
  affected?: boolean | string;
  /**
   * Globs (relative to the workspace root) of changed files that `[ref]` filters and `affected` disregard, as pnpm's
   * `--changed-files-ignore-pattern`: a file matching one selects no package and is no workspace-wide root change.
   * @default []
   */
  changedFilesIgnorePattern?: readonly string[];
  /**
   * The config's `globalDependencies`: a changed file matching one marks every package as changed.
   * @default []
   */
  globalDependencies?: readonly string[];
  /** Environment for git (and `FANOUT_BASE`). @default process.env */
  env?: NodeJS.ProcessEnv;
}

export interface PackageSelection {
  /** In workspace order (by relativeDir). */
  packages: WorkspacePackage[];
  /** Things the user must see, e.g. `--affected` falling back to every package. */
  warnings: string[];
  /**
   * Nothing narrowed the selection: no filter, and no `affected` (or one that fell back to every package). Only then
   * do turbo's root tasks run for a requested script.
   */
  wholeWorkspace: boolean;
}

/**
 * The packages pnpm's `--filter` syntax selects: the union of the plain selectors, minus the `!` ones (with only `!`
 * selectors, everything minus those); no filters select every package. A name or directory that matches no workspace
 * package is an error (ERR_RUNNER_NO_MATCH), so a typo cannot pass CI by running nothing; a `[ref]` with no changes is
 * not (nothing changed is a normal answer).
 */
export async function selectPackages(workspace: Workspace, filters: readonly string[], options: SelectPackagesOptions): Promise<PackageSelection> {
  const warnings: string[] = [];
  const ignorePatterns = options.changedFilesIgnorePattern ?? [];
  checkChangedFilesIgnorePatterns(ignorePatterns, 'changedFilesIgnorePattern');
  const selectors = filters.map((filter) => parseFilter(filter, options.cwd));
  const graph = new WorkspaceGraph(workspace);
  // Built on the first `[ref]`: without one, the patterns have nothing to do (as in pnpm) and picomatch stays unloaded.
  let isIgnored: Promise<IsIgnoredChange> | undefined;
  let isGlobal: Promise<IsIgnoredChange> | undefined;
  const changedSince = new Map<string, Promise<WorkspacePackage[]>>();
  const changed = (ref: string) => {
    let pending = changedSince.get(ref);
    if (pending === undefined) {
      isIgnored ??= ignoredChangedFiles(ignorePatterns);
      isGlobal ??= globalDependencyFiles(options.globalDependencies ?? []);
      pending = Promise.all([isIgnored, isGlobal]).then(async ([ignore, isGlobalDependency]) => {
        const { packages, workspaceWideFile, globalDependency } = await changedPackages(workspace, ref, { env: options.env, isIgnored: ignore, isGlobalDependency });
        if (workspaceWideFile !== undefined) {
          const what = globalDependency ? 'and is a global dependency (`globalDependencies`)' : 'at the workspace root';
          warnings.push(`\`${workspaceWideFile}\` changed since \`${ref}\` ${what}: every package counts as changed`);
        }
        return packages;
      });
      changedSince.set(ref, pending);
    }
    return pending;
  };

  let selected: Set<WorkspacePackage>;
  const includes = selectors.filter((selector) => !selector.exclude);
  if (includes.length === 0) selected = new Set(workspace.packages);
  else {
    selected = new Set();
    for (const selector of includes) for (const pkg of await evaluate(selector, workspace, graph, changed)) selected.add(pkg);
  }
  for (const selector of selectors.filter((selector) => selector.exclude)) {
    for (const pkg of await evaluate(selector, workspace, graph, changed)) selected.delete(pkg);
  }

  let narrowed = selectors.length > 0;
  if (options.affected !== undefined && options.affected !== false) {
    const base = await resolveAffectedBase(workspace.root, options.affected, options.env);
    if (base.ok) {
      const affected = new Set(graph.dependentsOf(await changed(base.base), true));
      selected = new Set([...selected].filter((pkg) => affected.has(pkg)));
      narrowed = true;
    } else {
      warnings.push(base.warning);
    }
  }
  return { packages: workspace.packages.filter((pkg) => selected.has(pkg)), warnings, wholeWorkspace: !narrowed };
}

async function evaluate(
  selector: PackageSelector,
  workspace: Workspace,
  graph: WorkspaceGraph,
  changed: (ref: string) => Promise<WorkspacePackage[]>,
): Promise<WorkspacePackage[]> {
  let entries: WorkspacePackage[] = selector.diff === undefined ? workspace.packages : await changed(selector.diff);
  if (selector.namePattern !== undefined) {
    const named = matchNames(workspace.packages, selector.namePattern);
    if (named.length === 0) throw noMatch(selector, `no workspace package is named \`${selector.namePattern}\``, workspace, selector.namePattern);
    const keep = new Set(named);
    entries = entries.filter((pkg) => keep.has(pkg));
  }
  if (selector.parentDir !== undefined) {
    const inDir = workspace.packages.filter(await inside(selector.parentDir));
    if (inDir.length === 0) throw noMatch(selector, `no workspace package is in \`${path.relative(workspace.root, selector.parentDir) || '.'}\``, workspace);
    const keep = new Set(inDir);
    entries = entries.filter((pkg) => keep.has(pkg));
  }

  const result = new Set<WorkspacePackage>();
  if (selector.includeDependents) {
    const dependents = graph.dependentsOf(entries, !selector.excludeSelf);
    for (const pkg of dependents) result.add(pkg);
    // pnpm: `...pkg...` also takes what those dependents depend on.
    if (selector.includeDependencies) for (const pkg of graph.dependenciesOf(dependents, false)) result.add(pkg);
  }
  if (selector.includeDependencies) for (const pkg of graph.dependenciesOf(entries, !selector.excludeSelf)) result.add(pkg);
  if (!selector.includeDependents && !selector.includeDependencies) for (const pkg of entries) result.add(pkg);
  return [...result];
}

/** A package is in a directory selector when it is that directory or below it; a glob matches directories exactly. */
async function inside(dir: string): Promise<(pkg: WorkspacePackage) => boolean> {
  const posix = dir.split(path.sep).join('/');
  // Directory selectors are rare; a run without one never loads picomatch.
  const picomatch = commonJsExport(await import('picomatch'));
  if (picomatch.scan(posix).isGlob) {
    const isMatch = picomatch(posix, { dot: true });
    return (pkg) => isMatch(pkg.dir.split(path.sep).join('/'));
  }
  return (pkg) => {
    const relative = path.relative(dir, pkg.dir);
    return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
  };
}

function noMatch(selector: PackageSelector, why: string, workspace: Workspace, name?: string): RunnerError {
  const names = workspace.packages.map((pkg) => pkg.name);
  const close = name === undefined ? [] : closeNames(name, names);
  const hint =
    close.length > 0
      ? `Did you mean ${close.map((candidate) => `\`${candidate}\``).join(', ')}?`
      : `Workspace packages: ${names.slice(0, 15).join(', ')}${names.length > 15 ? `, … (${names.length} in all)` : ''}.`;
  return new RunnerError('ERR_RUNNER_NO_MATCH', `--filter \`${selector.raw}\` matches nothing: ${why}`, { hint });
}

/** Dependency edges between workspace packages, both ways, for `...` walks. */
class WorkspaceGraph {
  readonly #workspace: Workspace;
  readonly #dependents = new Map<string, WorkspacePackage[]>();

  constructor(workspace: Workspace) {
    this.#workspace = workspace;
    for (const pkg of workspace.packages) {
      for (const name of pkg.workspaceDependencies) {
        const list = this.#dependents.get(name) ?? [];
        list.push(pkg);
        this.#dependents.set(name, list);
      }
    }
  }

  dependenciesOf(from: Iterable<WorkspacePackage>, includeSelf: boolean): WorkspacePackage[] {
    return this.#walk(from, includeSelf, (pkg) => pkg.workspaceDependencies.flatMap((name) => this.#workspace.byName.get(name) ?? []));
  }

  dependentsOf(from: Iterable<WorkspacePackage>, includeSelf: boolean): WorkspacePackage[] {
    return this.#walk(from, includeSelf, (pkg) => this.#dependents.get(pkg.name) ?? []);
  }

  #walk(from: Iterable<WorkspacePackage>, includeSelf: boolean, next: (pkg: WorkspacePackage) => WorkspacePackage[]): WorkspacePackage[] {
    const start = [...from];
    const seen = new Set<WorkspacePackage>();
    const stack = start.flatMap(next);
    while (stack.length > 0) {
      const pkg = stack.pop()!;
      if (seen.has(pkg)) continue;
      seen.add(pkg);
      stack.push(...next(pkg));
    }
    if (includeSelf) for (const pkg of start) seen.add(pkg);
    return [...seen];
  }
}
