import { lstat, readFile, rename, rm, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import type { CacheLayout } from '../cache-layout.js';
import type { Fingerprint } from '../task-cache.js';
import { manifestProblem, type EntryManifest } from './entry-manifest.js';

export type OpenedEntry =
  /** `lastUsed`: the manifest's mtime, which a hit refreshes (the LRU clock). */
  | { kind: 'found'; dir: string; manifest: EntryManifest; lastUsed: number }
  | { kind: 'absent' }
  /** Present but unusable: truncated, missing files, altered manifest, or unsafe paths. */
  | { kind: 'damaged'; problem: string };

/**
 * Reads an entry's manifest and checks it against what is on disk: every path safe, every stored file present
 * with its recorded size. Content hashes are checked when restoring, as the bytes are copied anyway.
 */
export async function openEntry(layout: CacheLayout, fingerprint: Fingerprint): Promise<OpenedEntry> {
  const dir = layout.entry(fingerprint);
  const read = await readWithTime(path.join(dir, 'manifest.json'));
  if (!read) {
    const dirExists = await lstat(dir).then(() => true, () => false);
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
  // Checked together: a lookup on the critical path waits for all of them, so they should cost one round trip.
  const files = valid.outputs.filter((output) => output.type === 'file');
  const [log, ...stored] = await Promise.all([
    lstat(path.join(dir, 'log.txt')).catch(() => undefined),
    ...files.map((output) => lstat(path.join(dir, 'outputs', ...output.path.split('/'))).catch(() => undefined)),
  ]);
  if (!log?.isFile() || log.size !== valid.log.size) return { kind: 'damaged', problem: 'its log is missing or truncated' };
  for (const [index, output] of files.entries()) {
    const stats = stored[index];
    if (!stats?.isFile()) return { kind: 'damaged', problem: `its copy of ${output.path} is missing` };
    if (stats.size !== output.size) return { kind: 'damaged', problem: `its copy of ${output.path} is ${stats.size} bytes, expected ${output.size}` };
  }
  return { kind: 'found', dir, manifest: valid, lastUsed: read.mtimeMs };
}

/** Removes an entry: renamed out of `entries/` first, so no reader sees it half deleted. */
export async function removeEntry(layout: CacheLayout, fingerprint: Fingerprint): Promise<void> {
  const doomed = path.join(layout.tmp, `removed-${fingerprint.slice(0, 16)}-${randomBytes(4).toString('hex')}`);
  const moved = await rename(layout.entry(fingerprint), doomed).then(() => true, () => false);
  await rm(moved ? doomed : layout.entry(fingerprint), { recursive: true, force: true }).catch(() => {});
}

async function readWithTime(file: string): Promise<{ text: string; mtimeMs: number } | undefined> {
  try {
    // Not one handle: open + fstat + read + close through a FileHandle costs more than these two in parallel, and
    // the mtime is only the LRU clock, so a write between the two calls does no harm.
    const [text, stats] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
    return { text, mtimeMs: stats.mtimeMs };
  } catch {
    return undefined;
  }
}
