import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { CacheLayout } from '../cache-layout.js';
import type { FingerprintInputs } from '../fingerprint/fingerprint-inputs.js';
import type { Fingerprint } from '../task-cache.js';

/** The last stored run of a task id: what a later miss is explained against, kept even after its entry is pruned. */
export interface LastRun {
  taskId: string;
  fingerprint: Fingerprint;
  storedAt: number;
  inputs: FingerprintInputs;
}

export async function readLastRun(layout: CacheLayout, taskId: string): Promise<LastRun | undefined> {
  try {
    const value = JSON.parse(await readFile(layout.lastRun(taskId), 'utf8')) as Partial<LastRun>;
    return value.taskId === taskId && typeof value.fingerprint === 'string' && typeof value.inputs === 'object' && value.inputs !== null
      ? (value as LastRun)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Replaces the record atomically (temp file + rename): concurrent writers leave one of their records whole. */
export async function writeLastRun(layout: CacheLayout, record: LastRun): Promise<void> {
  const file = layout.lastRun(record.taskId);
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}`;
  await writeFile(temp, `${JSON.stringify(record)}\n`);
  await rename(temp, file);
}
