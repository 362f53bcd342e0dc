import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import type { CacheLayout } from '../cache-layout.js';
import type { Fingerprint } from '../task-cache.js';
import { manifestProblem, type EntryManifest } from './entry-manifest.js';
import { joinPath } from '../../join-path.js';
import { lstatOrUndefined } from './lstat-or-undefined.js';

export type OpenedEntry =
  /** `lastUsed`: the manifest's mtime, which a hit refreshes (the LRU clock). */
  | { kind: 'found'; dir: string; manifest: EntryManifest; lastUsed: number }
  | { kind: 'absent' }
  /** Present but unusable: truncated, missing files, altered manifest, or unsafe paths. */
  | { kind: 'damaged'; problem: string };

/**
 * Reads an entry's manifest and checks it: every path safe, the log present with its recorded size. The copies of
 * the outputs are checked by the caller, and only those it needs (see `storedCopyProblem`): outputs already in
 * place with the recorded content are not read from the entry at all.
 */
export async function openEntry(layout: CacheLayout, fingerprint: Fingerprint): Promise<OpenedEntry> {
  return openEntrySync(layout, fingerprint);
}

/**
 * {@link openEntry} with synchronous calls. A lookup reads a manifest of a few hundred bytes and lstats its log;
 * through the thread pool each of those is a round trip of its own (readFile alone is four), and a fully cached run
 * makes hundreds of them along the dependency chain, so they cost far more than the syscalls they wrap. Nothing else
 * waits on the event loop meanwhile: tasks run in other processes.
 */
function openEntrySync(layout: CacheLayout, fingerprint: Fingerprint): OpenedEntry {
  const dir = layout.entry(fingerprint);
  const read = readWithTime(joinPath(dir, 'manifest.json'));
  if (!read) {
    const dirExists = lstatOrUndefined(dir) !== undefined;
    return dirExists ? { kind: 'damaged', problem: 'its manifest is missing' } : { kind: 'absent' };
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(read.text);
  } catch {
    return { kind: 'damaged', problem: 'its manifest is not valid JSON' };
  }
  const problem = manifestProblem(manifest, fingerprint);
  if (problem) return { kind: 'damaged', problem };
  const valid = manifest as EntryManifest;
  const log = lstatOrUndefined(joinPath(dir, 'log.txt'));
  if (!log?.isFile() || log.size !== valid.log.size) return { kind: 'damaged', problem: 'its log is missing or truncated' };
  return { kind: 'found', dir, manifest: valid, lastUsed: read.mtimeMs };
}

/** Removes an entry: renamed out of `entries/` first, so no reader sees it half deleted. */
export async function removeEntry(layout: CacheLayout, fingerprint: Fingerprint): Promise<void> {
  const doomed = path.join(layout.tmp, `removed-${fingerprint.slice(0, 16)}-${randomBytes(4).toString('hex')}`);
  const moved = await rename(layout.entry(fingerprint), doomed).then(() => true, () => false);
  await rm(moved ? doomed : layout.entry(fingerprint), { recursive: true, force: true }).catch(() => {});
}

function readWithTime(file: string): { text: string; mtimeMs: number } | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    // One handle: its fstat gives the size to read and the mtime (the LRU clock), where stat + readFileSync took five
    // syscalls, at ~10 µs each here, for every lookup.
    const { size, mtimeMs } = fstatSync(fd);
    const bytes = Buffer.allocUnsafe(size);
    let read = 0;
    while (read < size) {
      const got = readSync(fd, bytes, read, size - read, read);
      if (got === 0) break;
      read += got;
    }
    return { text: bytes.toString('utf8', 0, read), mtimeMs };
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}
