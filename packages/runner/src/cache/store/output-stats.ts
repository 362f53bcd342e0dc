import { randomBytes } from 'node:crypto';
import { readFileSync, type Stats } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

/**
 * A file's content is trusted from its stats only when its mtime is at least this much older than the moment the
 * stats were recorded: file times tick coarsely (a jiffy on Linux), so a same-size rewrite right after recording
 * could keep the recorded mtime (git's "racily clean" entries). Freshly written outputs are hashed once more later.
 */
const RACY_MS = 1000;
/** Format of the memo file; another value (or any damage) reads as an empty memo. */
const VERSION = 1;
/** Beyond this many files, a save keeps only those this run checked: deleted outputs must not pile up forever. */
const MAX_FILES = 100_000;

/** What identifies a file's bytes without reading them, and the SHA-256 they had then. */
interface Recorded {
  size: number;
  mode: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  sha256: string;
}

/**
 * Outputs of cache hits are checked in place before anything is restored: an output already there with the recorded
 * content is left alone. Hashing every output on every hit made a fully cached run of a package with hundreds of
 * build outputs cost hundreds of milliseconds, so this remembers, per absolute path, the stats a file had when its
 * content was last verified (hashed or written by a restore); the next hit trusts an output whose inode, size,
 * mode, mtime and ctime are all unchanged, as git trusts its index and make its timestamps. Any write to a file
 * changes its ctime, a replacement its inode. Lost or damaged, the memo is empty and outputs are hashed again.
 */
export class OutputStats {
  readonly #file: string;
  readonly #entries: Map<string, Recorded>;
  readonly #used = new Set<string>();
  #changed = false;

  private constructor(file: string, entries: Map<string, Recorded>) {
    this.#file = file;
    this.#entries = entries;
  }

  /** The memo stored at `file`, or an empty one. Synchronous: it is read once, before the first restore. */
  static load(file: string): OutputStats {
    const entries = new Map<string, Recorded>();
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown; files?: unknown };
      if (parsed.version === VERSION && typeof parsed.files === 'object' && parsed.files !== null) {
        for (const [name, value] of Object.entries(parsed.files)) if (isRecorded(value)) entries.set(name, value);
      }
    } catch {
      // Absent or damaged: every output is verified by its content, as without a memo.
    }
    return new OutputStats(file, entries);
  }

  /** Whether the file at `dest`, with these fresh stats, still has the content whose SHA-256 is `sha256`. */
  vouchesFor(dest: string, stats: Stats, sha256: string): boolean {
    const recorded = this.#entries.get(dest);
    const vouched =
      recorded !== undefined &&
      recorded.sha256 === sha256 &&
      recorded.size === stats.size &&
      recorded.mode === stats.mode &&
      recorded.mtimeMs === stats.mtimeMs &&
      recorded.ctimeMs === stats.ctimeMs &&
      recorded.ino === stats.ino;
    if (vouched) this.#used.add(dest);
    return vouched;
  }

  /** Records that `dest`, as `stats` describe it, holds content with this SHA-256 (just hashed or written). */
  record(dest: string, stats: Stats, sha256: string, now = Date.now()): void {
    if (now - stats.mtimeMs < RACY_MS || now - stats.ctimeMs < RACY_MS) {
      // Too fresh to vouch for later; a stale record must go too.
      if (this.#entries.delete(dest)) this.#changed = true;
      return;
    }
    this.#entries.set(dest, { size: stats.size, mode: stats.mode, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, ino: stats.ino, sha256 });
    this.#used.add(dest);
    this.#changed = true;
  }

  /** Forgets `dest` (it was rewritten by a restore). */
  forget(dest: string): void {
    if (this.#entries.delete(dest)) this.#changed = true;
  }

  /** Writes the memo if anything changed: to a temp file renamed over it, so a reader never sees half of it. */
  async save(): Promise<void> {
    if (!this.#changed) return;
    this.#changed = false;
    if (this.#entries.size > MAX_FILES) {
      for (const dest of this.#entries.keys()) if (!this.#used.has(dest)) this.#entries.delete(dest);
    }
    await mkdir(path.dirname(this.#file), { recursive: true });
    const temp = `${this.#file}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await writeFile(temp, JSON.stringify({ version: VERSION, files: Object.fromEntries(this.#entries) }));
      await rename(temp, this.#file);
    } finally {
      await rm(temp, { force: true });
    }
  }
}

function isRecorded(value: unknown): value is Recorded {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record['sha256'] === 'string' &&
    ['size', 'mode', 'mtimeMs', 'ctimeMs', 'ino'].every((key) => typeof record[key] === 'number')
  );
}
