import { lstat } from 'node:fs/promises';
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

  constructor(format: ObjectFormat = 'sha1') {
    this.#format = format;
  }

  /** Relative path → `<mode> <blob id>` for the files of `relativePaths` under `dir` that exist. */
  async hashAll(dir: string, relativePaths: readonly string[]): Promise<Map<string, string>> {
    const result = new Map<string, string>();
    let next = 0;
    const worker = async () => {
      while (next < relativePaths.length) {
        const relative = relativePaths[next++]!;
        const value = await this.hash(path.join(dir, relative));
        if (value !== undefined) result.set(relative, value);
      }
    };
    await Promise.all(Array.from({ length: Math.min(HASH_CONCURRENCY, relativePaths.length) }, worker));
    return result;
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
