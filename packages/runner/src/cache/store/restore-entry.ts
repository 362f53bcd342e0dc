import { randomBytes } from 'node:crypto';
import { lstatSync } from 'node:fs';
import { chmod, copyFile, lstat, mkdir, readlink, realpath, rename, rm, symlink } from 'node:fs/promises';
import * as path from 'node:path';
import type { EntryManifest, OutputRecord } from './entry-manifest.js';
import type { OutputStats } from './output-stats.js';
import { isInside } from './safe-path.js';
import { sha256File } from './sha256-file.js';

const COPY_CONCURRENCY = 16;

/** Why a restore stopped; nothing was written into the package when this is thrown. */
export class RestoreRefused extends Error {
  override readonly name = 'RestoreRefused';
}

/**
 * Writes an entry's outputs into the package directory in two phases: every file is copied next to its
 * destination and checked against the manifest's SHA-256, and only when all match are they renamed into place.
 * A write that would land outside the package (through a symlinked folder in the package) is refused. Outputs
 * already on disk with the recorded content and mode are left untouched (a rerun in the same checkout writes
 * nothing, and tools watching mtimes see no change); `known` spares re-reading those whose stats it vouches for.
 * Resolves with the number of paths written.
 */
export async function restoreEntry(entryDir: string, manifest: EntryManifest, packageDir: string, known?: OutputStats): Promise<number> {
  if (manifest.outputs.length === 0) return 0;
  const realPackage = await realpath(packageDir);
  const staged: Array<{ temp: string; dest: string }> = [];
  // Outputs share few folders (a dist/ of hundreds of files): each is resolved once.
  const realFolders = new Map<string, Promise<string>>();
  const realFolder = (dir: string): Promise<string> => {
    let real = realFolders.get(dir);
    if (!real) {
      real = nearestExisting(dir).then((existing) => realpath(existing));
      realFolders.set(dir, real);
    }
    return real;
  };
  try {
    let next = 0;
    const worker = async () => {
      while (next < manifest.outputs.length) {
        const output = manifest.outputs[next++]!;
        const dest = path.join(realPackage, ...output.path.split('/'));
        // Checked before creating folders, so not even an empty folder appears outside the package.
        const realParent = await realFolder(path.dirname(dest));
        if (!isInside(realPackage, realParent)) throw new RestoreRefused(`${output.path} would be written outside the package, through a symlinked folder`);
        if (await alreadyThere(dest, output, known)) continue;
        await mkdir(path.dirname(dest), { recursive: true });
        const temp = `${dest}.fanout-${randomBytes(4).toString('hex')}`;
        staged.push({ temp, dest });
        if (output.type === 'symlink') {
          await symlink(output.target, temp);
          continue;
        }
        await copyFile(path.join(entryDir, 'outputs', ...output.path.split('/')), temp);
        const copied = await sha256File(temp, output.size);
        if (copied.sha256 !== output.sha256 || copied.size !== output.size) throw new RestoreRefused(`its copy of ${output.path} was altered (SHA-256 differs from the manifest)`);
        await chmod(temp, output.mode);
      }
    };
    await Promise.all(Array.from({ length: Math.min(COPY_CONCURRENCY, manifest.outputs.length) }, worker));
    for (const { temp, dest } of staged) {
      const existing = await lstat(dest).catch(() => undefined);
      if (existing?.isDirectory()) await rm(dest, { recursive: true, force: true });
      await rename(temp, dest);
      known?.forget(dest);
    }
    const written = staged.length;
    staged.length = 0;
    return written;
  } finally {
    await Promise.all(staged.map(({ temp }) => rm(temp, { force: true }).catch(() => {})));
  }
}

async function nearestExisting(dir: string): Promise<string> {
  for (let current = dir; ; current = path.dirname(current)) {
    if (await lstat(current).then(() => true, () => false)) return current;
    if (path.dirname(current) === current) return current;
  }
}

async function alreadyThere(dest: string, output: OutputRecord, known: OutputStats | undefined): Promise<boolean> {
  // One syscall, not a thread-pool round trip: a hit checks every output, and most are there unchanged.
  let stats;
  try {
    stats = lstatSync(dest, { throwIfNoEntry: false });
  } catch {
    return false;
  }
  if (!stats) return false;
  if (output.type === 'symlink') return stats.isSymbolicLink() && (await readlink(dest).catch(() => undefined)) === output.target;
  if (!stats.isFile() || stats.size !== output.size || (stats.mode & 0o7777) !== output.mode) return false;
  if (known?.vouchesFor(dest, stats, output.sha256)) return true;
  const same = (await sha256File(dest, output.size).catch(() => undefined))?.sha256 === output.sha256;
  if (same) known?.record(dest, stats, output.sha256);
  return same;
}
