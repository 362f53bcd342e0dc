import { realpath } from 'node:fs/promises';
import * as path from 'node:path';
import type { ObjectFormat } from './hash-file.js';
import { runGit, splitNul } from './run-git.js';

/**
 * A git work tree seen through two batched calls: `git ls-files -s` once (the blob id of every tracked file, as
 * staged), and per package `git ls-files -m -d -o --exclude-standard` (what differs from the index right now:
 * modified, deleted, and untracked files git does not ignore). Tracked files that did not change keep git's blob
 * id; only the rest is hashed by the caller. No process per file.
 */
export class GitRepo {
  /** Absolute, real path of the work tree's top. */
  readonly top: string;
  readonly format: ObjectFormat;
  #staged: Promise<Map<string, string>> | undefined;

  private constructor(top: string, format: ObjectFormat) {
    this.top = top;
    this.format = format;
  }

  /** The repository containing `dir`, or `undefined` outside git (or without git installed). */
  static async open(dir: string): Promise<GitRepo | undefined> {
    try {
      const [top, format] = (await runGit(dir, ['rev-parse', '--show-toplevel', '--show-object-format'])).trim().split('\n');
      if (!top) return undefined;
      return new GitRepo(await realpath(top), format === 'sha256' ? 'sha256' : 'sha1');
    } catch {
      return undefined;
    }
  }

  /** Top-relative POSIX path of `dir`, `''` for the top, or `undefined` when `dir` is outside the work tree. */
  async relative(dir: string): Promise<string | undefined> {
    const real = await realpath(dir).catch(() => path.resolve(dir));
    const relative = path.relative(this.top, real).split(path.sep).join('/');
    if (relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
    return relative;
  }

  /**
   * The files under `relativeDir` as git sees them now: path relative to that dir → `<mode> <blob id>` for tracked
   * files unchanged since staged, plus the list of other paths (modified, deleted or untracked) for the caller to
   * hash or drop.
   */
  async filesUnder(relativeDir: string): Promise<{ clean: Map<string, string>; changed: string[] }> {
    const prefix = relativeDir === '' ? '' : `${relativeDir}/`;
    const pathspec = relativeDir === '' ? '.' : relativeDir;
    const [staged, changedOut] = await Promise.all([
      this.#stagedFiles(),
      runGit(this.top, ['ls-files', '-z', '-m', '-d', '-o', '--exclude-standard', '--', pathspec, ':(exclude,glob)**/node_modules/**']),
    ]);
    const changed = new Set<string>();
    for (const entry of splitNul(changedOut)) {
      // A nested repository shows as `dir/`: it is not part of this tree's content.
      if (!entry.endsWith('/') && entry.startsWith(prefix)) changed.add(entry.slice(prefix.length));
    }
    const clean = new Map<string, string>();
    for (const [file, value] of staged) {
      if (!file.startsWith(prefix)) continue;
      const relative = file.slice(prefix.length);
      if (!changed.has(relative)) clean.set(relative, value);
    }
    return { clean, changed: [...changed] };
  }

  #stagedFiles(): Promise<Map<string, string>> {
    this.#staged ??= runGit(this.top, ['ls-files', '-s', '-z']).then((out) => {
      const files = new Map<string, string>();
      for (const entry of splitNul(out)) {
        // `<mode> <object> <stage>\t<path>`; submodules (160000) are commits, not content here.
        const tab = entry.indexOf('\t');
        const [mode, object] = entry.slice(0, tab).split(' ');
        if (mode === '160000' || mode === undefined || object === undefined) continue;
        files.set(entry.slice(tab + 1), `${mode} ${object}`);
      }
      return files;
    });
    return this.#staged;
  }
}
