import { loadFastGlob } from '../load-fast-glob.js';
import type { Task } from '../../model/task.js';
import type { FileHasher } from './hash-files.js';
import type { GitRepo } from './git-repo.js';
import { listPackageFiles } from './list-package-files.js';
import { pathMatcher } from './path-matcher.js';
import { rootGlobResolver, rootWalkIgnores } from './root-glob.js';

/** The `inputs` entry that keeps the default set and extends it (`$TURBO_DEFAULT$` for turbo.json users). */
const DEFAULT_MARKERS = new Set(['$DEFAULT', '$TURBO_DEFAULT$']);

export interface HashInputsOptions {
  task: Task;
  /** The package's files as git (or, outside git, the file system) lists them now; see {@link packageSnapshot}. */
  snapshot: () => Promise<PackageSnapshot>;
  hasher: FileHasher;
  /** Package-relative folders that are never inputs: nested workspace packages, the cache dir. */
  excludeDirs: readonly string[];
  /** The package's folder relative to the workspace root (`.` for the root), for `$ROOT/…` globs. */
  relativeDir: string;
}

/**
 * The task's input files as package-relative path → `<mode> <blob id>`. The default set is what git tracks plus
 * untracked files it does not ignore (every file outside git), minus `node_modules`, nested packages and the
 * task's declared outputs. `inputs` globs replace it, or extend it when they include `$DEFAULT`; `!` globs remove.
 * A glob starting `$ROOT/` (turbo's `$TURBO_ROOT$/`) is relative to the workspace root.
 */
export async function hashInputs(options: HashInputsOptions): Promise<Record<string, string>> {
  const { task, hasher } = options;
  // `$ROOT/tsconfig.json` from packages/a is `../../tsconfig.json`: fast-glob walks up to it, and it is hashed and
  // listed by that path like any file outside the package's snapshot.
  const fromRoot = rootGlobResolver(options.relativeDir);
  const globs = task.config.inputs;
  const positive = (globs ?? []).filter((glob) => !glob.startsWith('!') && !DEFAULT_MARKERS.has(glob)).map(fromRoot);
  const negative = (globs ?? []).filter((glob) => glob.startsWith('!')).map((glob) => fromRoot(glob.slice(1)));
  const useDefault = globs === undefined || globs.some((glob) => DEFAULT_MARKERS.has(glob));

  const snapshot = await options.snapshot();
  const files = new Map<string, string>();
  const toHash = new Set<string>();
  if (useDefault) {
    for (const [file, value] of snapshot.clean) files.set(file, value);
    for (const file of snapshot.changed) toHash.add(file);
  }
  if (positive.length > 0) {
    const matched = await (await loadFastGlob())(positive, { cwd: task.dir, dot: true, onlyFiles: true, followSymbolicLinks: false, ignore: rootWalkIgnores(options.relativeDir) });
    for (const file of matched) {
      const clean = snapshot.clean.get(file);
      if (clean === undefined) toHash.add(file);
      else files.set(file, clean);
    }
  }

  const outputs = (task.config.outputs ?? []).filter((glob) => !glob.startsWith('!')).map((glob) => stripDotSlash(fromRoot(glob)));
  // An output named as a folder (`dist`) means everything in it.
  const excluded = await pathMatcher([...negative.map(stripDotSlash), ...outputs, ...outputs.map((glob) => `${glob}/**`)]);
  const isExcluded = (file: string) =>
    excluded(file) || file.split('/').includes('node_modules') || options.excludeDirs.some((dir) => file === dir || file.startsWith(`${dir}/`));
  for (const [file, value] of await hasher.hashAll(task.dir, [...toHash].filter((file) => !isExcluded(file)))) files.set(file, value);

  const result: Record<string, string> = {};
  for (const file of [...files.keys()].sort()) {
    if (!isExcluded(file)) result[file] = files.get(file)!;
  }
  return result;
}

/** A package's files: tracked and unchanged ones with git's blob ids, and the rest (paths) to hash. */
export interface PackageSnapshot {
  clean: Map<string, string>;
  changed: string[];
}

/**
 * Lists a package's files through git, or every file outside git (then everything is "to hash"). `asOpened`: git's
 * listing from when the repo was opened may stand for the package (nothing can have written into it since).
 */
export async function packageSnapshot(repo: GitRepo | undefined, dir: string, asOpened = false): Promise<PackageSnapshot> {
  const relative = repo ? await repo.relative(dir) : undefined;
  if (repo && relative !== undefined) return repo.filesUnder(relative, { asOpened });
  return { clean: new Map(), changed: await listPackageFiles(dir) };
}

function stripDotSlash(glob: string): string {
  return glob.startsWith('./') ? glob.slice(2) : glob;
}
