import { isSafeRelativePath, isSafeSymlink } from './safe-path.js';

export type OutputRecord =
  | { path: string; type: 'file'; size: number; mode: number; sha256: string }
  | { path: string; type: 'symlink'; target: string };

/** `manifest.json` of an entry: written last, so an entry with a manifest is otherwise complete. */
export interface EntryManifest {
  formatVersion: number;
  fingerprint: string;
  taskId: string;
  /** Epoch ms. */
  createdAt: number;
  /** Duration of the run that produced the entry. */
  durationMs: number;
  log: { size: number; sha256: string };
  /** Package-relative POSIX paths, sorted. */
  outputs: OutputRecord[];
  /** Bytes the entry takes in the store (outputs, log, inputs and manifest), for the size budget. */
  bytes: number;
}

/**
 * Checks a parsed manifest's shape and that every path it names stays inside the package; returns why not, or
 * `undefined` when it is sound. A manifest is data from disk (possibly from another machine): trust nothing.
 */
export function manifestProblem(value: unknown, fingerprint: string): string | undefined {
  if (typeof value !== 'object' || value === null) return 'the manifest is not an object';
  const manifest = value as Partial<EntryManifest>;
  if (manifest.fingerprint !== fingerprint) return 'the manifest belongs to another fingerprint';
  if (typeof manifest.durationMs !== 'number' || typeof manifest.bytes !== 'number') return 'the manifest lacks its duration or size';
  if (typeof manifest.log?.size !== 'number' || typeof manifest.log.sha256 !== 'string') return 'the manifest lacks the log record';
  if (!Array.isArray(manifest.outputs)) return 'the manifest lacks its outputs';
  for (const output of manifest.outputs as unknown[]) {
    const record = output as Partial<OutputRecord> | null;
    const where = typeof record?.path === 'string' ? record.path : JSON.stringify(record?.path);
    if (typeof record?.path !== 'string' || !isSafeRelativePath(record.path)) {
      return `it names an output outside the package: ${where}`;
    }
    if (record.type === 'symlink') {
      if (typeof record.target !== 'string' || !isSafeSymlink(record.path, record.target)) {
        return `its symlink ${where} points outside the package: ${String(record.target)}`;
      }
    } else if (record.type !== 'file' || typeof record.size !== 'number' || typeof record.mode !== 'number' || typeof record.sha256 !== 'string') {
      return `its record of ${where} is malformed`;
    }
  }
  return undefined;
}
