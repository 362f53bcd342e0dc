import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { chmod, copyFile, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { CacheLayout } from '../cache-layout.js';
import { CACHE_FORMAT_VERSION } from '../cache-layout.js';
import type { FingerprintInputs } from '../fingerprint/fingerprint-inputs.js';
import type { Fingerprint } from '../task-cache.js';
import type { CollectedOutput } from './collect-outputs.js';
import type { EntryManifest, OutputRecord } from './entry-manifest.js';
import { sha256File } from './sha256-file.js';

/** Files copied into a new entry at once. */
const COPY_CONCURRENCY = 16;

export interface NewEntry {
  fingerprint: Fingerprint;
  inputs: FingerprintInputs;
  packageDir: string;
  outputs: readonly CollectedOutput[];
  logFile: string;
  /** The byte of `logFile` the entry's log starts at. */
  logFrom: number;
  durationMs: number;
}

/**
 * Writes an entry into a private temp folder and renames it into place, so readers only ever see whole entries.
 * When another process stored the same fingerprint first, its entry stays and this one is dropped: both are
 * made from the same inputs. Resolves with the bytes written, 0 when the entry already existed.
 */
export async function writeEntry(layout: CacheLayout, entry: NewEntry): Promise<number> {
  const target = layout.entry(entry.fingerprint);
  if (await exists(path.join(target, 'manifest.json'))) return 0;
  await mkdir(layout.tmp, { recursive: true });
  await mkdir(layout.entries, { recursive: true });
  const tmp = path.join(layout.tmp, `${entry.fingerprint.slice(0, 16)}-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await mkdir(path.join(tmp, 'outputs'), { recursive: true });
    const records = await copyOutputs(entry, tmp);
    if (entry.logFrom > 0) await pipeline(createReadStream(entry.logFile, { start: entry.logFrom }), createWriteStream(path.join(tmp, 'log.txt')));
    else await copyFile(entry.logFile, path.join(tmp, 'log.txt'));
    const log = await sha256File(path.join(tmp, 'log.txt'));
    const inputsText = `${JSON.stringify(entry.inputs)}\n`;
    await writeFile(path.join(tmp, 'inputs.json'), inputsText);
    const outputBytes = records.reduce((sum, record) => sum + (record.type === 'file' ? record.size : 0), 0);
    const manifest: EntryManifest = {
      formatVersion: CACHE_FORMAT_VERSION,
      fingerprint: entry.fingerprint,
      taskId: entry.inputs.taskId,
      createdAt: Date.now(),
      durationMs: entry.durationMs,
      log,
      outputs: records,
      bytes: 0,
    };
    const manifestBytes = Buffer.byteLength(JSON.stringify(manifest)) + 32;
    manifest.bytes = outputBytes + log.size + Buffer.byteLength(inputsText) + manifestBytes;
    await writeFile(path.join(tmp, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
    try {
      await rename(tmp, target);
    } catch (error) {
      if (isCode(error, 'ENOTEMPTY', 'EEXIST', 'EPERM') && (await exists(path.join(target, 'manifest.json')))) return 0;
      throw error;
    }
    return manifest.bytes;
  } finally {
    await rm(tmp, { recursive: true, force: true }).catch(() => {});
  }
}

async function copyOutputs(entry: NewEntry, tmp: string): Promise<OutputRecord[]> {
  const records: OutputRecord[] = new Array(entry.outputs.length);
  let next = 0;
  const worker = async () => {
    while (next < entry.outputs.length) {
      const index = next++;
      const output = entry.outputs[index]!;
      if (output.type === 'symlink') {
        records[index] = output;
        continue;
      }
      const stored = path.join(tmp, 'outputs', ...output.path.split('/'));
      await mkdir(path.dirname(stored), { recursive: true });
      await copyFile(path.join(entry.packageDir, ...output.path.split('/')), stored);
      await chmod(stored, 0o644);
      // The copy is what gets restored, so the copy is what the manifest vouches for.
      const { sha256, size } = await sha256File(stored);
      records[index] = { path: output.path, type: 'file', size, mode: output.mode, sha256 };
    }
  };
  await Promise.all(Array.from({ length: Math.min(COPY_CONCURRENCY, entry.outputs.length) }, worker));
  return records;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

export function isCode(error: unknown, ...codes: string[]): boolean {
  return typeof error === 'object' && error !== null && codes.includes(String((error as { code?: unknown }).code));
}
