import type { Task } from '../../model/task.js';
import type { TaskId } from '../../model/task-id.js';
import { CACHE_FORMAT_VERSION } from '../cache-layout.js';
import type { Fingerprint } from '../task-cache.js';
import { computeFingerprint } from './compute-fingerprint.js';
import type { FingerprintInputs } from './fingerprint-inputs.js';
import type { FileHasher } from './hash-files.js';
import { hashEnv } from './hash-env.js';
import { hashInputs, type PackageSnapshot } from './hash-inputs.js';
import type { LockfileHasher } from './lockfile-hasher.js';
import { runtimeInputs } from './runtime-inputs.js';

export interface FingerprintContext {
  /** The package's files now; the cache may hand back a listing it took earlier when nothing can have changed. */
  snapshot: () => Promise<PackageSnapshot>;
  hasher: FileHasher;
  lockfile: LockfileHasher;
  env: NodeJS.ProcessEnv;
  /** The package's folder relative to the workspace root (`.` for the root package), for the lockfile. */
  relativeDir: string;
  /** Package-relative folders never hashed: nested workspace packages, the cache dir. */
  excludeDirs: readonly string[];
  /** Variables every task's fingerprint has besides its own `env` (`globalEnv`). */
  globalEnv: readonly string[];
  /** The hashes of the global dependencies (root-relative), when the config names any. */
  globalFiles?: Promise<Record<string, string>>;
}

/** Gathers a task's fingerprint inputs and hashes them. */
export async function fingerprintTask(
  task: Task,
  dependencyFingerprints: ReadonlyMap<TaskId, Fingerprint>,
  context: FingerprintContext,
): Promise<{ fingerprint: Fingerprint; inputs: FingerprintInputs }> {
  const [files, lockfile, taskEnv, globalEnv, globalFiles] = await Promise.all([
    hashInputs({ task, snapshot: context.snapshot, hasher: context.hasher, excludeDirs: context.excludeDirs, relativeDir: context.relativeDir }),
    context.lockfile.hashFor(context.relativeDir),
    hashEnv(task.config.env ?? [], context.env),
    // Apart, as turbo does: a `!` entry in one list takes nothing out of the other.
    context.globalEnv.length === 0 ? {} : hashEnv(context.globalEnv, context.env),
    context.globalFiles,
  ]);
  const env = { ...globalEnv, ...taskEnv };
  const dependencies: Record<string, Fingerprint> = {};
  for (const id of [...dependencyFingerprints.keys()].sort()) dependencies[id] = dependencyFingerprints.get(id)!;
  const inputs: FingerprintInputs = {
    formatVersion: CACHE_FORMAT_VERSION,
    taskId: task.id,
    command: task.command,
    args: [...task.args],
    inputGlobs: task.config.inputs ? [...task.config.inputs] : null,
    outputGlobs: [...(task.config.outputs ?? [])],
    files,
    dependencies,
    lockfile,
    env,
    // Only with global dependencies: the fingerprints of a workspace without any stay what they were.
    ...(globalFiles === undefined ? {} : { globalFiles }),
    ...runtimeInputs(),
  };
  return { fingerprint: computeFingerprint(inputs), inputs };
}
