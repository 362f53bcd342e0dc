import { createReadStream, readFileSync, utimesSync } from 'node:fs';
import * as path from 'node:path';
import { RunnerError } from '../errors.js';
import type { Task } from '../model/task.js';
import type { TaskId } from '../model/task-id.js';
import type { Workspace } from '../workspace/workspace.js';
import { CacheLayout } from './cache-layout.js';
import { explainMiss } from './fingerprint/explain-miss.js';
import type { FingerprintInputs } from './fingerprint/fingerprint-inputs.js';
import { fingerprintTask } from './fingerprint/fingerprint-task.js';
import { GitRepo } from './fingerprint/git-repo.js';
import { FileHasher } from './fingerprint/hash-files.js';
import { hashGlobalFiles } from './fingerprint/hash-global-files.js';
import { rootGlobResolver } from './fingerprint/root-glob.js';
import { LockfileHasher } from './fingerprint/lockfile-hasher.js';
import { PackageSnapshots } from './fingerprint/package-snapshots.js';
import { collectOutputs } from './store/collect-outputs.js';
import { readLastRun, writeLastRun } from './store/last-run-index.js';
import type { OutputRecord } from './store/entry-manifest.js';
import { openEntry, removeEntry, type OpenedEntry } from './store/open-entry.js';
import { pruneStore } from './store/prune-store.js';
import { OutputStats } from './store/output-stats.js';
import { outputsToRestore, restoreEntry, RestoreRefused, storedCopyProblem } from './store/restore-entry.js';
import { isCode, writeEntry } from './store/write-entry.js';
import type { CacheLookup, Fingerprint, TaskCache } from './task-cache.js';
import { joinPath } from '../join-path.js';
import { relativeInside } from '../relative-inside.js';

export interface CacheWarning {
  code: string;
  message: string;
  hint?: string;
}

export interface LocalTaskCacheOptions {
  workspace: Workspace;
  cacheDir: string;
  read: boolean;
  write: boolean;
  env: NodeJS.ProcessEnv;
  maxBytes: number;
  globalDependencies: readonly string[];
  globalEnv: readonly string[];
  onWarning(warning: CacheWarning): void;
  /** The workspace root's repository, opened ahead by the caller; opened here otherwise. */
  repo?: Promise<GitRepo | undefined>;
}

type FoundEntry = Extract<OpenedEntry, { kind: 'found' }>;

/** A hit refreshes its entry's last use only when older than this: the LRU needs no finer clock. */
const LRU_RESOLUTION_MS = 60_000;
/** Logs up to this size are read whole and split; longer ones are streamed line by line. */
const READ_WHOLE_LOG_BYTES = 1024 * 1024;

/** Errors that mean the cache dir can't take writes at all: warn once and stop trying. */
const UNWRITABLE = ['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'ENOTDIR'];

/**
 * The local, content-addressed task store (layout in README.md). Never fails a build: a cache problem is a
 * warning and a miss, and the task runs.
 */
export class LocalTaskCache implements TaskCache {
  readonly #options: LocalTaskCacheOptions;
  readonly #layout: CacheLayout;
  /** Hashes in the repository's object format, so unchanged files can keep git's blob ids. */
  readonly #hasher: Promise<FileHasher>;
  readonly #lockfile: LockfileHasher;
  readonly #repo: Promise<GitRepo | undefined>;
  readonly #snapshots: PackageSnapshots;
  readonly #excluded = new Map<string, string[]>();
  readonly #relativeDirs = new Map<string, string>();
  /** Inputs of the fingerprints this run computed, for storing with the entry. */
  readonly #inputs = new Map<Fingerprint, FingerprintInputs>();
  /** The global dependencies' hashes, taken once per run, at the first fingerprint. */
  #globalFiles: Promise<Record<string, string>> | undefined;
  /** Loaded at the first restore: most runs that restore nothing never read it. */
  #outputStats: OutputStats | undefined;
  #writable: boolean;
  #entriesWritten = 0;
  #bytesWritten = 0;
  #closed: Promise<{ entriesWritten: number; bytesWritten: number }> | undefined;

  constructor(options: LocalTaskCacheOptions) {
    this.#options = options;
    this.#layout = new CacheLayout(options.cacheDir);
    this.#lockfile = new LockfileHasher(options.workspace.lockfile, options.write ? this.#layout.lockfileMemo : undefined);
    this.#repo = options.repo ?? GitRepo.open(options.workspace.root);
    this.#snapshots = new PackageSnapshots(this.#repo, options.workspace.packages.map((pkg) => pkg.dir));
    this.#hasher = this.#repo.then((repo) => new FileHasher(repo?.format ?? 'sha1'));
    this.#writable = options.write;
  }

  async lookup(task: Task, dependencyFingerprints: ReadonlyMap<TaskId, Fingerprint>): Promise<CacheLookup> {
    const { fingerprint, inputs } = await this.#fingerprint(task, dependencyFingerprints);
    this.#inputs.set(fingerprint, inputs);
    const miss = (reasons: string[]): CacheLookup => {
      this.#snapshots.stopReusing();
      return { kind: 'miss', fingerprint, reasons };
    };
    if (!this.#options.read) return miss(['cache reads are off (--force)']);
    // Never restored either: an entry stored before the config said `cache: false` must not stand in for a run.
    if (task.config.cache === false) return miss(['caching is off for this task (`cache: false`)']);

    const opened = await openEntry(this.#layout, fingerprint);
    let damage = opened.kind === 'damaged' ? opened.problem : undefined;
    if (opened.kind === 'found') {
      const { dir, manifest } = opened;
      const known = manifest.outputs.length > 0 ? (this.#outputStats ??= OutputStats.load(this.#layout.outputStats)) : undefined;
      const toRestore = known ? await outputsToRestore(manifest.outputs, task.dir, known) : [];
      damage = storedCopyProblem(dir, toRestore);
      if (damage === undefined) return this.#hit(task, fingerprint, opened, toRestore, known);
    }
    if (damage !== undefined) {
      await removeEntry(this.#layout, fingerprint);
      this.#options.onWarning({
        code: 'ERR_RUNNER_CACHE',
        message: `The cache entry of ${task.id} (${fingerprint.slice(0, 12)}) was damaged and has been removed: ${damage}`,
        hint: 'The task runs instead. If this repeats, check the disk, or run `fanout cache clean`.',
      });
      return miss([`the stored entry was damaged and removed: ${damage}`]);
    }
    return miss(await this.#explain(task, fingerprint, inputs));
  }

  beforeRun(): void {
    // A miss does this too; a task run without one (its lookup failed) must not leave later lookups the old listing.
    this.#snapshots.stopReusing();
  }

  async fingerprint(task: Task, dependencyFingerprints: ReadonlyMap<TaskId, Fingerprint>): Promise<Fingerprint> {
    return (await this.#fingerprint(task, dependencyFingerprints)).fingerprint;
  }

  async #fingerprint(task: Task, dependencyFingerprints: ReadonlyMap<TaskId, Fingerprint>) {
    const { globalDependencies, globalEnv } = this.#options;
    const hasher = await this.#hasher;
    return fingerprintTask(task, dependencyFingerprints, {
      snapshot: () => this.#snapshots.get(task.dir),
      hasher,
      lockfile: this.#lockfile,
      env: this.#options.env,
      relativeDir: this.#relativeDir(task),
      excludeDirs: this.#excludeDirs(task),
      globalEnv,
      ...(globalDependencies.length > 0
        ? { globalFiles: (this.#globalFiles ??= hashGlobalFiles(this.#options.workspace.root, globalDependencies, hasher)) }
        : {}),
    });
  }

  /** A hit on an entry found sound, whose copies of `toRestore` (the outputs not already in place) were checked. */
  #hit(task: Task, fingerprint: Fingerprint, entry: FoundEntry, toRestore: OutputRecord[], known: OutputStats | undefined): CacheLookup {
    const { dir, manifest } = entry;
    const now = Date.now();
    if (now - entry.lastUsed > LRU_RESOLUTION_MS) {
      try {
        utimesSync(joinPath(dir, 'manifest.json'), now / 1000, now / 1000);
      } catch {
        // Only the LRU clock: a read-only store still serves hits.
      }
    }
    return {
      kind: 'hit',
      fingerprint,
      durationMs: manifest.durationMs,
      readLog: () => readLines(joinPath(dir, 'log.txt'), manifest.log.size),
      logFile: joinPath(dir, 'log.txt'),
      restore: async () => {
        try {
          const written = await restoreEntry(dir, toRestore, task.dir, known);
          if (written > 0) this.#snapshots.invalidate(task.dir);
        } catch (error) {
          // The task runs instead.
          this.#snapshots.stopReusing();
          if (!(error instanceof RestoreRefused)) throw error;
          await removeEntry(this.#layout, fingerprint);
          throw new RunnerError('ERR_RUNNER_CACHE', `The cache entry of ${task.id} was refused and removed: ${error.message}`, {
            hint: 'The task runs instead; nothing was written into the package.',
            cause: error,
          });
        }
      },
    };
  }

  async store(task: Task, fingerprint: Fingerprint, run: { durationMs: number; logFile: string; logFrom?: number }): Promise<void> {
    if (!this.#writable || task.config.cache === false) return;
    const inputs = this.#inputs.get(fingerprint);
    if (!inputs) return;
    try {
      // `$ROOT/coverage/**` resolves out of the package, where collectOutputs refuses it: warned, and not stored.
      const collected = await collectOutputs(task.dir, (task.config.outputs ?? []).map(rootGlobResolver(this.#relativeDir(task))));
      if ('refused' in collected) {
        this.#options.onWarning({
          code: 'ERR_RUNNER_CACHE',
          message: `Not caching ${task.id}: ${collected.refused}`,
          hint: 'Outputs must be files inside the package; a symlink among them must point inside it too.',
        });
        return;
      }
      const globs = (task.config.outputs ?? []).filter((glob) => !glob.startsWith('!'));
      if (globs.length > 0 && collected.outputs.length === 0) {
        // Stored anyway (the task did succeed), but a hit will restore nothing: usually a mistyped glob.
        this.#options.onWarning({
          code: 'WARN_RUNNER_CACHE_NO_OUTPUTS',
          message: `${task.id} succeeded but its \`outputs\` (${globs.join(', ')}) matched no files in ${task.dir}`,
          hint: 'Globs are relative to the package directory, e.g. `dist/**`.',
        });
      }
      const bytes = await writeEntry(this.#layout, { fingerprint, inputs, packageDir: task.dir, outputs: collected.outputs, logFile: run.logFile, logFrom: run.logFrom ?? 0, durationMs: run.durationMs });
      if (bytes > 0) {
        this.#entriesWritten++;
        this.#bytesWritten += bytes;
      }
      await writeLastRun(this.#layout, { taskId: task.id, fingerprint, storedAt: Date.now(), inputs });
      // The file list can be large; it is needed once.
      this.#inputs.delete(fingerprint);
    } catch (error) {
      this.#writeFailed(error);
    }
  }

  close(): Promise<{ entriesWritten: number; bytesWritten: number }> {
    this.#closed ??= (async () => {
      if (this.#writable) await this.#lockfile.flush().catch((error: unknown) => this.#writeFailed(error));
      if (this.#writable) await this.#outputStats?.save().catch((error: unknown) => this.#writeFailed(error));
      if (this.#writable && this.#entriesWritten > 0) {
        await pruneStore(this.#layout, this.#options.maxBytes).catch((error: unknown) => this.#writeFailed(error));
      }
      // No git left running behind the run.
      await (await this.#repo.catch(() => undefined))?.settle();
      return { entriesWritten: this.#entriesWritten, bytesWritten: this.#bytesWritten };
    })();
    return this.#closed;
  }

  async #explain(task: Task, fingerprint: Fingerprint, inputs: FingerprintInputs): Promise<string[]> {
    const last = await readLastRun(this.#layout, task.id);
    if (!last) return [];
    if (last.fingerprint === fingerprint) return ['the stored entry for these inputs is gone (pruned or cleaned)'];
    const reasons = explainMiss(last.inputs, inputs);
    return reasons.length > 0 ? reasons : ['the inputs differ from the last stored run in a way not recorded'];
  }

  #writeFailed(error: unknown): void {
    const code = typeof error === 'object' && error !== null ? String((error as { code?: unknown }).code) : '';
    if (isCode(error, ...UNWRITABLE)) {
      if (!this.#writable) return;
      this.#writable = false;
      this.#options.onWarning({
        code: 'ERR_RUNNER_CACHE',
        message: `The task cache at ${this.#options.cacheDir} can't be written (${code}); tasks run uncached from here on`,
        hint: 'Make the folder writable or free some space, or point `--cache-dir` / FANOUT_CACHE_DIR elsewhere.',
      });
      return;
    }
    this.#options.onWarning({
      code: 'ERR_RUNNER_CACHE',
      message: `Storing in the task cache failed: ${error instanceof Error ? error.message : String(error)}`,
    });
  }

  #relativeDir(task: Task): string {
    let relative = this.#relativeDirs.get(task.dir);
    if (relative === undefined) {
      relative = relativeInside(this.#options.workspace.root, task.dir) ?? path.relative(this.#options.workspace.root, task.dir).split(path.sep).join('/');
      relative ||= '.';
      this.#relativeDirs.set(task.dir, relative);
    }
    return relative;
  }

  /** Nested workspace packages and the cache dir are never a package's inputs. */
  #excludeDirs(task: Task): string[] {
    let dirs = this.#excluded.get(task.dir);
    if (dirs) return dirs;
    dirs = [];
    this.#excluded.set(task.dir, dirs);
    for (const pkg of this.#options.workspace.packages) {
      // The prefix test first: this runs for every pair of packages.
      if (pkg.dir === task.dir || !pkg.dir.startsWith(task.dir)) continue;
      const nested = relativeInside(task.dir, pkg.dir);
      if (nested) dirs.push(nested);
    }
    const cache = relativeInside(task.dir, this.#options.cacheDir);
    if (cache) dirs.push(cache);
    return dirs;
  }
}

async function* readLines(file: string, size: number): AsyncIterable<string> {
  // Most tasks' logs are empty or short: no read for the first, one synchronous read for the second (a lookup is on
  // the dependency chain's critical path, and a thread-pool readFile is four round trips).
  if (size === 0) return;
  if (size <= READ_WHOLE_LOG_BYTES) {
    const lines = readFileSync(file, 'utf8').split(/\r?\n/);
    if (lines.at(-1) === '') lines.pop();
    yield* lines;
    return;
  }
  // readline (and the stream modules it brings) loads only for a log too long to hold: most runs never need it.
  // Not import(): the CLI runs as a vm script (bin/fanout.js), where import() needs an experimental hook.
  const { createInterface } = process.getBuiltinModule('node:readline');
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  try {
    yield* lines;
  } finally {
    lines.close();
  }
}
