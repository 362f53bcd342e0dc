import { realpath } from 'node:fs/promises';
import * as path from 'node:path';
import type { ObjectFormat } from './hash-file.js';
import { runGit, splitNul } from './run-git.js';

/**
 * A git work tree seen through two batched calls: `git ls-files -s` once (the blob id of every tracked file under
 * the opened folder, as staged; started alongside `rev-parse`, as a cached run waits on both), and per package `git ls-files -m -d -o --exclude-standard` (what differs from the index right now:
 * modified, deleted, and untracked files git does not ignore). Tracked files that did not change keep git's blob
 * id; only the rest is hashed by the caller. No process per file.
 */
export class GitRepo {
  /** Absolute, real path of the work tree's top. */
  readonly top: string;
  readonly format: ObjectFormat;
  readonly #staged: Promise<Map<string, string>>;
  readonly #relative = new Map<string, Promise<string | undefined>>();
  #batch: Map<string, Array<{ resolve(files: string[]): void; reject(error: unknown): void }>> | undefined;

  private constructor(top: string, format: ObjectFormat, staged: Promise<Map<string, string>>) {
    this.top = top;
    this.format = format;
    this.#staged = staged;
  }

  /**
   * The repository containing `dir`, or `undefined` outside git (or without git installed). Only files under `dir`
   * are listed: open it at the workspace root.
   */
  static async open(dir: string): Promise<GitRepo | undefined> {
    // Paths relative to the top (`--full-name`), as `relative()` gives them. Outside git this fails like rev-parse.
    const staged = runGit(dir, ['ls-files', '-s', '-z', '--full-name']).then(parseStaged);
    staged.catch(() => {});
    try {
      const [top, format] = (await runGit(dir, ['rev-parse', '--show-toplevel', '--show-object-format'])).trim().split('\n');
      if (!top) return undefined;
      return new GitRepo(await realpath(top), format === 'sha256' ? 'sha256' : 'sha1', staged);
    } catch {
      return undefined;
    }
  }

  /** Top-relative POSIX path of `dir`, `''` for the top, or `undefined` when `dir` is outside the work tree. */
  relative(dir: string): Promise<string | undefined> {
    let relative = this.#relative.get(dir);
    if (!relative) {
      relative = realpath(dir)
        .catch(() => path.resolve(dir))
        .then((real) => {
          const result = path.relative(this.top, real).split(path.sep).join('/');
          return result.startsWith('..') || path.isAbsolute(result) ? undefined : result;
        });
      this.#relative.set(dir, relative);
    }
    return relative;
  }

  /**
   * The files under `relativeDir` as git sees them now: path relative to that dir → `<mode> <blob id>` for tracked
   * files unchanged since staged, plus the list of other paths (modified, deleted or untracked) for the caller to
   * hash or drop.
   */
  async filesUnder(relativeDir: string): Promise<{ clean: Map<string, string>; changed: string[] }> {
    const prefix = relativeDir === '' ? '' : `${relativeDir}/`;
    const [staged, changedUnder] = await Promise.all([this.#staged, this.#changedFiles(relativeDir)]);
    const changed = new Set<string>();
    for (const entry of changedUnder) changed.add(entry.slice(prefix.length));
    const clean = new Map<string, string>();
    for (const [file, value] of staged) {
      if (!file.startsWith(prefix)) continue;
      const relative = file.slice(prefix.length);
      if (!changed.has(relative)) clean.set(relative, value);
    }
    return { clean, changed: [...changed] };
  }

  /**
   * Top-relative paths under `relativeDir` that differ from the index. Requests made in the same turn of the event
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
      const out = await runGit(this.top, ['ls-files', '-z', '-m', '-d', '-o', '--exclude-standard', '--', ...pathspecs, ':(exclude,glob)**/node_modules/**']);
      // A nested repository shows as `dir/`: it is not part of this tree's content.
      const entries = [...new Set(splitNul(out))].filter((entry) => !entry.endsWith('/'));
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

/** `ls-files -s -z` as path → `<mode> <blob id>`. */
function parseStaged(out: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of splitNul(out)) {
    // `<mode> <object> <stage>\t<path>`; submodules (160000) are commits, not content here.
    const tab = entry.indexOf('\t');
    const [mode, object] = entry.slice(0, tab).split(' ');
    if (mode === '160000' || mode === undefined || object === undefined) continue;
    files.set(entry.slice(tab + 1), `${mode} ${object}`);
  }
  return files;
}
