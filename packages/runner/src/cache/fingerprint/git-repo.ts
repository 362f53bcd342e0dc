import { realpathSync } from 'node:fs';
import * as path from 'node:path';
import type { ObjectFormat } from './hash-file.js';
import { runGit, runGitTimed, splitNul } from './run-git.js';
import { relativeInside } from '../../relative-inside.js';

/** Untracked files and changes under `node_modules` are never inputs; git need not walk them. */
const NOT_NODE_MODULES = ':(exclude,glob)**/node_modules/**';

/**
 * A listing that took git longer than this (plus {@link SLOW_MS_PER_FILE} per tracked file) means it compared contents,
 * not stats: the index's stat data is stale (a fresh clone's files are "racily clean" until something refreshes
 * it), and every later listing would pay the same. Fresh, git needs about a microsecond per file.
 */
const SLOW_LISTING_MS = 15;
const SLOW_MS_PER_FILE = 0.01;

/** What one listing says about the files under a folder. */
interface Listing {
  /** Root-relative path → `<mode> <blob id>` of every tracked file, as staged. */
  staged: Map<string, string>;
  /** Root-relative paths that differ from the index: modified, deleted, or untracked and not ignored. */
  changed: string[];
}

/**
 * A git work tree seen from a folder in it (the workspace root), through one process at open:
 * `git ls-files -s -t -c -m -d -o` gives the blob id of every tracked file as staged, tagged, together with what
 * differs from the index right now (modified, deleted, and untracked files git does not ignore). Tracked files that
 * did not change keep git's blob id; only the rest is hashed by the caller. Later listings (after something may have
 * written into a package) run `git ls-files -m -d -o` for the folders asked for, batched. No process per file.
 *
 * A process start is the costliest step of a fully cached run after Node's own: the fork copies the page tables of
 * a process that has loaded its modules by then. So there is one at open, not three, and the object format comes
 * from the blob ids' length; `git rev-parse` runs only when nothing is tracked.
 */
export class GitRepo {
  /** Absolute, real path of the folder the repo was opened at; every path here is relative to it. */
  readonly root: string;
  readonly format: ObjectFormat;
  readonly #atOpen: Listing;
  /** The index refresh started after a slow listing, if any; settled by {@link GitRepo.settle}. */
  #refreshing: Promise<void> | undefined;
  readonly #relative = new Map<string, Promise<string | undefined>>();
  #batch: Map<string, Array<{ resolve(files: string[]): void; reject(error: unknown): void }>> | undefined;

  private constructor(root: string, format: ObjectFormat, atOpen: Listing) {
    this.root = root;
    this.format = format;
    this.#atOpen = atOpen;
  }

  /**
   * The repository containing `dir`, or `undefined` outside git (or without git installed). Only files under `dir`
   * are listed: open it at the workspace root. `slowListingMs` overrides {@link SLOW_LISTING_MS} (for tests).
   */
  static async open(dir: string, options: { slowListingMs?: number } = {}): Promise<GitRepo | undefined> {
    // Outside a work tree this fails (exit 128), as rev-parse would.
    const listed = runGitTimed(dir, ['ls-files', '-z', '-s', '-t', '-c', '-m', '-d', '-o', '--exclude-standard', '--', '.', NOT_NODE_MODULES]).then(
      ({ stdout, gitMs }) => ({ ...parseTagged(stdout), gitMs }),
    );
    // The native realpath is one syscall; the promise one walks the path a component at a time.
    const root = (async () => realpathSync.native(dir))();
    try {
      const [{ listing, blobIdLength, gitMs }, real] = await Promise.all([listed, root]);
      const format = blobIdLength === undefined ? await objectFormat(dir) : blobIdLength === 64 ? 'sha256' : 'sha1';
      const repo = new GitRepo(real, format, listing);
      if (gitMs !== undefined && gitMs > (options.slowListingMs ?? SLOW_LISTING_MS) + SLOW_MS_PER_FILE * listing.staged.size) repo.#refreshIndex(dir);
      return repo;
    } catch {
      root.catch(() => {});
      listed.catch(() => {});
      return undefined;
    }
  }

  /** Resolves once git has finished what this started in the background (the index refresh); never rejects. */
  async settle(): Promise<void> {
    await this.#refreshing;
  }

  /**
   * Refreshes the index's stat data, as `git status` does whenever someone runs it, so the next listing compares
   * stats rather than contents (a fresh clone's first cached run paid ~25 ms of hashing, and every run after it the
   * same, for a few hundred files). In the background: this run already has its listing. update-index takes the
   * index lock whatever GIT_OPTIONAL_LOCKS says; if another git holds it, git gives up and nothing changes.
   */
  #refreshIndex(dir: string): void {
    this.#refreshing = runGit(dir, ['update-index', '-q', '--refresh']).then(
      () => {},
      () => {},
    );
  }

  /** Root-relative POSIX path of `dir`, `''` for the root, or `undefined` when `dir` is outside it. */
  relative(dir: string): Promise<string | undefined> {
    let relative = this.#relative.get(dir);
    if (!relative) {
      // One syscall per package (the native realpath), not a thread-pool round trip per lookup's first call.
      let real: string;
      try {
        real = realpathSync.native(dir);
      } catch {
        real = path.resolve(dir);
      }
      relative = Promise.resolve(relativeInside(this.root, real));
      this.#relative.set(dir, relative);
    }
    return relative;
  }

  /**
   * The files under `relativeDir` as git sees them now: path relative to that dir → `<mode> <blob id>` for tracked
   * files unchanged since staged, plus the list of other paths (modified, deleted or untracked) for the caller to
   * hash or drop. `asOpened`: as the listing taken at open saw them, for a folder nothing can have written into
   * since (no task has run, and nothing was restored there); otherwise git is asked again.
   */
  async filesUnder(relativeDir: string, options: { asOpened?: boolean } = {}): Promise<{ clean: Map<string, string>; changed: string[] }> {
    const prefix = relativeDir === '' ? '' : `${relativeDir}/`;
    const changedUnder = options.asOpened ? this.#atOpen.changed.filter((entry) => entry.startsWith(prefix)) : await this.#changedFiles(relativeDir);
    const changed = new Set<string>();
    for (const entry of changedUnder) changed.add(entry.slice(prefix.length));
    const clean = new Map<string, string>();
    for (const [file, value] of this.#atOpen.staged) {
      if (!file.startsWith(prefix)) continue;
      const relative = file.slice(prefix.length);
      if (!changed.has(relative)) clean.set(relative, value);
    }
    return { clean, changed: [...changed] };
  }

  /**
   * Root-relative paths under `relativeDir` that differ from the index. Requests made in the same turn of the event
   * loop (the scheduler starts many lookups at once) share one `git ls-files` with a pathspec per folder: a process
   * start costs more than listing a package.
   */
  #changedFiles(relativeDir: string): Promise<string[]> {
    return new Promise((resolve, reject) => {
      if (!this.#batch) {
        const batch = new Map<string, Array<{ resolve(files: string[]): void; reject(error: unknown): void }>>();
        this.#batch = batch;
        setImmediate(() => {
          this.#batch = undefined;
          void this.#listChanged(batch);
        });
      }
      const waiting = this.#batch.get(relativeDir) ?? [];
      waiting.push({ resolve, reject });
      this.#batch.set(relativeDir, waiting);
    });
  }

  async #listChanged(batch: Map<string, Array<{ resolve(files: string[]): void; reject(error: unknown): void }>>): Promise<void> {
    const dirs = [...batch.keys()];
    try {
      const pathspecs = dirs.map((dir) => (dir === '' ? '.' : dir));
      const out = await runGit(this.root, ['ls-files', '-z', '-m', '-d', '-o', '--exclude-standard', '--', ...pathspecs, NOT_NODE_MODULES]);
      const entries = withoutNestedRepos(new Set(splitNul(out)));
      for (const dir of dirs) {
        const prefix = dir === '' ? '' : `${dir}/`;
        const files = entries.filter((entry) => entry.startsWith(prefix));
        for (const waiter of batch.get(dir)!) waiter.resolve(files);
      }
    } catch (error) {
      for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(error);
    }
  }
}

/**
 * `ls-files -z -s -t -c -m -d -o` as the staged blob ids and the changed paths. Each entry starts with a status
 * tag: `H` (cached), `S` (skip-worktree) and `M` (unmerged) carry `<mode> <object> <stage>\t<path>` and are the
 * staged files; `C` (modified), `R` (deleted) and `?` (untracked) are the changed ones.
 */
function parseTagged(out: string): { listing: Listing; blobIdLength: number | undefined } {
  const staged = new Map<string, string>();
  const changed = new Set<string>();
  let blobIdLength: number | undefined;
  for (const entry of splitNul(out)) {
    const tag = entry[0]?.toUpperCase();
    const rest = entry.slice(2);
    if (tag === '?') {
      changed.add(rest);
      continue;
    }
    const tab = rest.indexOf('\t');
    if (tab === -1) continue;
    const file = rest.slice(tab + 1);
    if (tag === 'C' || tag === 'R') {
      changed.add(file);
      continue;
    }
    if (tag !== 'H' && tag !== 'S' && tag !== 'M') continue;
    // Submodules (160000) are commits, not content here.
    const [mode, object] = rest.slice(0, tab).split(' ');
    if (mode === '160000' || mode === undefined || object === undefined) continue;
    blobIdLength ??= object.length;
    staged.set(file, `${mode} ${object}`);
  }
  return { listing: { staged, changed: withoutNestedRepos(changed) }, blobIdLength };
}

/** A nested repository shows as `dir/` among the untracked: it is not part of this tree's content. */
function withoutNestedRepos(entries: Set<string>): string[] {
  return [...entries].filter((entry) => !entry.endsWith('/'));
}

/** The repository's object format, when no blob id says it. */
async function objectFormat(dir: string): Promise<ObjectFormat> {
  const out = await runGit(dir, ['rev-parse', '--show-object-format']);
  return out.trim() === 'sha256' ? 'sha256' : 'sha1';
}
