import { randomBytes } from 'node:crypto';
import { readlinkSync, realpathSync, type Stats } from 'node:fs';
import { chmod, copyFile, lstat, mkdir, rename, rm, symlink } from 'node:fs/promises';
import * as path from 'node:path';
import type { OutputRecord } from './entry-manifest.js';
import type { OutputStats } from './output-stats.js';
import { isInside } from './safe-path.js';
import { sha256File } from './sha256-file.js';
import { joinPath } from '../../join-path.js';
import { lstatOrUndefined } from './lstat-or-undefined.js';

const COPY_CONCURRENCY = 16;

/** Why a restore stopped; nothing was written into the package when this is thrown. */
export class RestoreRefused extends Error {
  override readonly name = 'RestoreRefused';
}

/**
 * The outputs of an entry that are not already in the package with their recorded content and mode: only those
 * need the entry's copies. A rerun in the same checkout usually finds every output in place, so this first checks
 * them all with one synchronous lstat each against `known` (the stats of outputs last verified), and hashes only
 * the files it cannot vouch for. Hundreds of outputs through the thread pool cost more than the syscalls.
 */
export async function outputsToRestore(outputs: readonly OutputRecord[], packageDir: string, known: OutputStats): Promise<OutputRecord[]> {
  const missing: OutputRecord[] = [];
  const unsure: Array<{ output: Extract<OutputRecord, { type: 'file' }>; dest: string; stats: Stats }> = [];
  for (const output of outputs) {
    const dest = joinPath(packageDir, output.path);
    const stats = lstatOrUndefined(dest);
    if (!stats) missing.push(output);
    else if (output.type === 'symlink') {
      if (!stats.isSymbolicLink() || readlinkOrUndefined(dest) !== output.target) missing.push(output);
    } else if (!stats.isFile() || stats.size !== output.size || (stats.mode & 0o7777) !== output.mode) missing.push(output);
    else if (!known.vouchesFor(dest, stats, output.sha256)) unsure.push({ output, dest, stats });
  }
  let next = 0;
  const hashing = async () => {
    while (next < unsure.length) {
      const { output, dest, stats } = unsure[next++]!;
      const same = (await sha256File(dest, output.size).catch(() => undefined))?.sha256 === output.sha256;
      if (same) known.record(dest, stats, output.sha256);
      else missing.push(output);
    }
  };
  await Promise.all(Array.from({ length: Math.min(COPY_CONCURRENCY, unsure.length) }, hashing));
  return missing;
}

/**
 * What is wrong with the entry's copies of `outputs` (missing, or not the recorded size), or `undefined`. Checked
 * before a restore is promised, so a damaged entry is a miss rather than a hit whose restore then fails; contents
 * are checked while restoring, as the bytes are copied anyway.
 */
export function storedCopyProblem(entryDir: string, outputs: readonly OutputRecord[]): string | undefined {
  for (const output of outputs) {
    if (output.type !== 'file') continue;
    const stats = lstatOrUndefined(storedCopy(entryDir, output));
    if (!stats?.isFile()) return `its copy of ${output.path} is missing`;
    if (stats.size !== output.size) return `its copy of ${output.path} is ${stats.size} bytes, expected ${output.size}`;
  }
  return undefined;
}

/**
 * Writes `outputs` (those {@link outputsToRestore} found missing) from the entry into the package directory in two
 * phases: every file is copied next to its destination and checked against the manifest's SHA-256, and only when
 * all match are they renamed into place. A write that would land outside the package (through a symlinked folder
 * in the package) is refused. Resolves with the number of paths written.
 */
export async function restoreEntry(entryDir: string, outputs: readonly OutputRecord[], packageDir: string, known?: OutputStats): Promise<number> {
  if (outputs.length === 0) return 0;
  const realPackage = realpathSync.native(packageDir);
  const staged: Array<{ temp: string; dest: string; output: OutputRecord }> = [];
  // Outputs share few folders (a dist/ of hundreds of files): each is resolved once, synchronously (a few syscalls).
  const realFolders = new Map<string, string>();
  const realFolder = (dir: string): string => {
    let real = realFolders.get(dir);
    if (real === undefined) {
      real = realpathSync.native(nearestExisting(dir));
      realFolders.set(dir, real);
    }
    return real;
  };
  try {
    let next = 0;
    const worker = async () => {
      while (next < outputs.length) {
        const output = outputs[next++]!;
        const dest = path.join(realPackage, ...output.path.split('/'));
        // Checked before creating folders, so not even an empty folder appears outside the package.
        if (!isInside(realPackage, realFolder(path.dirname(dest)))) throw new RestoreRefused(`${output.path} would be written outside the package, through a symlinked folder`);
        await mkdir(path.dirname(dest), { recursive: true });
        const temp = `${dest}.fanout-${randomBytes(4).toString('hex')}`;
        staged.push({ temp, dest, output });
        if (output.type === 'symlink') {
          await symlink(output.target, temp);
          continue;
        }
        try {
          await copyFile(storedCopy(entryDir, output), temp);
        } catch (error) {
          if (!lstatOrUndefined(storedCopy(entryDir, output))) throw new RestoreRefused(`its copy of ${output.path} is missing`);
          throw error;
        }
        const copied = await sha256File(temp, output.size);
        if (copied.sha256 !== output.sha256 || copied.size !== output.size) throw new RestoreRefused(`its copy of ${output.path} was altered (SHA-256 differs from the manifest)`);
        await chmod(temp, output.mode);
      }
    };
    await Promise.all(Array.from({ length: Math.min(COPY_CONCURRENCY, outputs.length) }, worker));
    for (const { temp, dest, output } of staged) {
      const existing = await lstat(dest).catch(() => undefined);
      if (existing?.isDirectory()) await rm(dest, { recursive: true, force: true });
      await rename(temp, dest);
      // Under the path outputsToRestore checks it by (the package's, not its real one).
      known?.forget(joinPath(packageDir, output.path));
    }
    const written = staged.length;
    staged.length = 0;
    return written;
  } finally {
    await Promise.all(staged.map(({ temp }) => rm(temp, { force: true }).catch(() => {})));
  }
}

function storedCopy(entryDir: string, output: OutputRecord): string {
  return joinPath(entryDir, `outputs/${output.path}`);
}

function nearestExisting(dir: string): string {
  for (let current = dir; ; current = path.dirname(current)) {
    if (lstatOrUndefined(current)) return current;
    if (path.dirname(current) === current) return current;
  }
}

function readlinkOrUndefined(file: string): string | undefined {
  try {
    return readlinkSync(file);
  } catch {
    return undefined;
  }
}
