import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

/** Bump when the closure recipe (pnpm-lock-closure.ts, npm-lock-closure.ts, the hashing in lockfile-hasher.ts) changes. */
export const LOCKFILE_MEMO_VERSION = 1;

/**
 * The lockfile hashes of earlier runs: package folder → hash, valid for the lockfile whose name and content hash
 * make `key`. A lockfile is parsed only when it changed since (a multi-MB pnpm-lock.yaml takes seconds to parse
 * and walk, more than a fully cached run spends on everything else).
 */
export interface LockfileMemo {
  version: number;
  key: string;
  hashes: Record<string, string>;
}

/**
 * The memo when it is whole and for `key`; `undefined` when absent, unreadable, damaged or for another lockfile.
 * Synchronous: one small file, read before the first fingerprint (see LockfileHasher).
 */
export function readLockfileMemo(file: string, key: string): Record<string, string> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const memo = value as Partial<LockfileMemo>;
  if (memo.version !== LOCKFILE_MEMO_VERSION || memo.key !== key) return undefined;
  if (typeof memo.hashes !== 'object' || memo.hashes === null || Array.isArray(memo.hashes)) return undefined;
  const hashes: Record<string, string> = {};
  for (const [dir, hash] of Object.entries(memo.hashes)) {
    if (typeof hash === 'string' && hash !== '') hashes[dir] = hash;
  }
  return hashes;
}

/** Replaces the memo atomically (temp file + rename): a reader sees the old memo or the new one, never a part. */
export async function writeLockfileMemo(file: string, memo: LockfileMemo): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await writeFile(temp, `${JSON.stringify(memo)}\n`);
    await rename(temp, file);
  } finally {
    await rm(temp, { force: true }).catch(() => {});
  }
}
