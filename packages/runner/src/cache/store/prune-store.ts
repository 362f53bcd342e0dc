import { readdir, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { CacheLayout } from '../cache-layout.js';
import { listEntries } from './list-entries.js';
import { removeEntry } from './open-entry.js';

/** Temp folders older than this are left over from a killed process. */
const STALE_TMP_MS = 60 * 60 * 1000;

export interface PruneResult {
  removedEntries: number;
  removedBytes: number;
  keptEntries: number;
  keptBytes: number;
}

/**
 * Removes least recently used entries until the store fits `maxBytes`, unreadable entries first, and temp
 * folders a killed process left behind.
 */
export async function pruneStore(layout: CacheLayout, maxBytes: number, now = Date.now()): Promise<PruneResult> {
  const entries = await listEntries(layout);
  // Fingerprints are hex: compared by code unit, as localeCompare would order them, without building an ICU collator.
  entries.sort((a, b) => Number(a.readable) - Number(b.readable) || a.lastUsed - b.lastUsed || (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0));
  let total = entries.reduce((sum, entry) => sum + entry.bytes, 0);
  let removedEntries = 0;
  let removedBytes = 0;
  for (const entry of entries) {
    if (entry.readable && total <= maxBytes) break;
    await removeEntry(layout, entry.fingerprint);
    total -= entry.bytes;
    removedEntries++;
    removedBytes += entry.bytes;
  }
  for (const name of await readdir(layout.tmp).catch(() => [] as string[])) {
    const dir = path.join(layout.tmp, name);
    const stats = await stat(dir).catch(() => undefined);
    if (stats && now - stats.mtimeMs > STALE_TMP_MS) await rm(dir, { recursive: true, force: true }).catch(() => {});
  }
  return { removedEntries, removedBytes, keptEntries: entries.length - removedEntries, keptBytes: total };
}
