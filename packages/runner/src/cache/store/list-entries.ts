import { readFile, readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { CacheLayout } from '../cache-layout.js';
import type { Fingerprint } from '../task-cache.js';

export interface EntrySummary {
  fingerprint: Fingerprint;
  taskId: string | undefined;
  bytes: number;
  /** Epoch ms of the last store or hit: the manifest's mtime, which a hit touches. */
  lastUsed: number;
  /** False when the manifest can't be read: such an entry is garbage and goes first. */
  readable: boolean;
}

/** Every entry folder in the store, with its size and last use. */
export async function listEntries(layout: CacheLayout): Promise<EntrySummary[]> {
  const names = await readdir(layout.entries).catch(() => [] as string[]);
  return Promise.all(
    names.map(async (name): Promise<EntrySummary> => {
      const manifestFile = path.join(layout.entries, name, 'manifest.json');
      const [stats, text] = await Promise.all([stat(manifestFile).catch(() => undefined), readFile(manifestFile, 'utf8').catch(() => undefined)]);
      let parsed: { bytes?: unknown; taskId?: unknown } | undefined;
      try {
        parsed = text === undefined ? undefined : (JSON.parse(text) as { bytes?: unknown; taskId?: unknown });
      } catch {
        parsed = undefined;
      }
      const readable = stats !== undefined && typeof parsed?.bytes === 'number';
      return {
        fingerprint: name as Fingerprint,
        taskId: typeof parsed?.taskId === 'string' ? parsed.taskId : undefined,
        bytes: readable ? (parsed!.bytes as number) : 0,
        lastUsed: stats?.mtimeMs ?? 0,
        readable,
      };
    }),
  );
}
