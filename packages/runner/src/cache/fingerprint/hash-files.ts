import { lstat, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { hashWithStats, type ObjectFormat } from './hash-file.js';

/** Files hashed at once: enough to keep the disk and the thread pool busy without opening thousands of files. */
const HASH_CONCURRENCY = 32;

interface Memo {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  value: string;
}

/**
 * Hashes files in parallel with a bounded pool, remembering each result by path, size, inode and times, so a
 * file that did not change since it was last hashed (by this hasher) is not read again.
 */
export class FileHasher {
  readonly #memo = new Map<string, Memo>();
  readonly #format: ObjectFormat;
  readonly #waiting: Array<() => void> = [];
  #active = 0;

  constructor(format: ObjectFormat = 'sha1') {
    this.#format = format;
  }

  /** Relative path → `<mode> <blob id>` for the files of `relativePaths` under `dir` that exist. */
  async hashAll(dir: string, relativePaths: readonly string[]): Promise<Map<string, string>> {
    const result = new Map<string, string>();
    await Promise.all(
      relativePaths.map(async (relative) => {
        const value = await this.#limited(() => this.hash(path.join(dir, relative)));
        if (value !== undefined) result.set(relative, value);
      }),
    );
    return result;
  }

  /** One limit for every lookup using this hasher: many lookups at once must not open thousands of files (EMFILE). */
  async #limited<T>(action: () => Promise<T>): Promise<T> {
    // A finishing call hands its slot straight to the next waiter, so the count never overshoots.
    if (this.#active >= HASH_CONCURRENCY) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#active++;
    try {
      return await action();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#active--;
    }
  }

  /**
   * As {@link hash}, but a symlink to a file hashes as that file's content and mode: a global dependency such as a
   * `.env` linked to a shared one is read through the link, so a change to the target must count.
   */
  async hashContent(file: string): Promise<string | undefined> {
    const stats = await stat(file).catch(() => undefined);
    if (!stats?.isFile()) return undefined;
    return this.#limited(() => hashWithStats(file, stats, this.#format));
  }

  async hash(file: string): Promise<string | undefined> {
    const stats = await lstat(file).catch(() => undefined);
    if (!stats) return undefined;
    const memo = this.#memo.get(file);
    if (
      memo &&
      memo.size === stats.size &&
      memo.mtimeMs === stats.mtimeMs &&
      memo.ctimeMs === stats.ctimeMs &&
      memo.ino === stats.ino
    ) {
      return memo.value;
    }
    const value = await hashWithStats(file, stats, this.#format);
    if (value !== undefined) {
      this.#memo.set(file, { size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, ino: stats.ino, value });
    }
    return value;
  }
}
