import { lstat, open, rename, rm } from 'node:fs/promises';
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
  const log = await lstat(path.join(dir, 'log.txt')).catch(() => undefined);
  if (!log?.isFile() || log.size !== valid.log.size) return { kind: 'damaged', problem: 'its log is missing or truncated' };
  for (const output of valid.outputs) {
    if (output.type !== 'file') continue;
    const stats = await lstat(path.join(dir, 'outputs', ...output.path.split('/'))).catch(() => undefined);
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
  const handle = await open(file).catch(() => undefined);
  if (!handle) return undefined;
  try {
    const [stats, text] = await Promise.all([handle.stat(), handle.readFile('utf8')]);
    return { text, mtimeMs: stats.mtimeMs };
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}
