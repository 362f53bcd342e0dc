import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { joinPath } from '../join-path.js';
import type { Fingerprint } from './task-cache.js';

/** Bump when the fingerprint recipe or the entry format changes: old entries then simply stop matching. */
export const CACHE_FORMAT_VERSION = 1;

/**
 * Where everything of the task cache lives under the cache dir (see README.md). Everything is under one folder,
 * `tasks-v<version>/`, so the runner's logs and duration history beside it stay out of the way, and a format
 * change leaves the old folder to be cleaned rather than misread.
 */
export class CacheLayout {
  readonly dir: string;
  readonly root: string;
  /** Complete entries, one folder per fingerprint: only ever created by renaming a finished temp folder. */
  readonly entries: string;

  constructor(dir: string) {
    this.dir = dir;
    this.root = path.join(dir, `tasks-v${CACHE_FORMAT_VERSION}`);
    this.entries = path.join(this.root, 'entries');
  }

  /** Looked up for every task of a run: joined without `path.join`'s normalising (a fingerprint is plain hex). */
  entry(fingerprint: Fingerprint): string {
    return joinPath(this.entries, fingerprint);
  }

  /** Entries being written; on the same file system as `entries`, so the final rename is atomic. */
  get tmp(): string {
    return path.join(this.root, 'tmp');
  }

  /** The last stored run of each task id, for explaining misses. */
  get lastRuns(): string {
    return path.join(this.root, 'last-run');
  }

  /** Each package's lockfile hash for the lockfile content last seen, so an unchanged lockfile isn't parsed. */
  get lockfileMemo(): string {
    return path.join(this.root, 'lockfile-closures.json');
  }

  /** Stats of outputs whose content was last verified in place, so a hit need not re-read them. */
  get outputStats(): string {
    return path.join(this.root, 'output-stats.json');
  }

  lastRun(taskId: string): string {
    return path.join(this.lastRuns, `${createHash('sha256').update(taskId).digest('hex').slice(0, 32)}.json`);
  }
}
