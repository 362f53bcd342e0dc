import type { TaskId } from '../../model/task-id.js';
import type { Fingerprint } from '../task-cache.js';

/**
 * Everything a task's fingerprint is made of, kept with each entry so the next miss can say what changed.
 * Env values are never kept: only a hash per variable.
 */
export interface FingerprintInputs {
  formatVersion: number;
  taskId: TaskId;
  command: string;
  args: string[];
  /** The task's `inputs` and `outputs` globs: they decide what is hashed and what is restored. */
  inputGlobs: string[] | null;
  outputGlobs: string[];
  /** Package-relative POSIX path → `<git mode> <blob id>`, sorted by path. */
  files: Record<string, string>;
  /** Dependency task id → its fingerprint, sorted by id. */
  dependencies: Record<string, Fingerprint>;
  /** Hash of the lockfile entries of the package's dependency closure, or of the whole lockfile; `none` without one. */
  lockfile: string;
  /** Variable name → hash of name and value (`unset` when not set), sorted by name; the task's and `globalEnv`. */
  env: Record<string, string>;
  /** Root-relative POSIX path → `<git mode> <blob id>` of the global dependencies; absent when none are configured. */
  globalFiles?: Record<string, string>;
  /** Node `major.minor`. */
  node: string;
  platform: string;
  arch: string;
}
