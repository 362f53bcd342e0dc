import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';

const LOCKFILES = ['pnpm-lock.yaml', 'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'bun.lock'];

export interface CacheKeyParts {
  prefix: string;
  platform: string;
  arch: string;
  /** Hex prefix of the lockfile's SHA-256, or `nolock`. */
  lockHash: string;
  /** What makes this job's entry unique: `<run id>-<attempt>` (plus the shard slice), or the commit. */
  scope: string;
}

/**
 * `<prefix>-<os>-<arch>-<lockhash>-<scope>`, restored by prefix: the newest entry for the same lockfile first, then
 * the newest for the platform. A fuzzy restore is safe because every task entry is verified by its fingerprint:
 * an entry made for other inputs is simply a miss.
 */
export function cacheKeys(parts: CacheKeyParts): { key: string; restoreKeys: string[] } {
  const platformPrefix = `${parts.prefix}-${parts.platform}-${parts.arch}-`;
  const lockPrefix = `${platformPrefix}${parts.lockHash}-`;
  return { key: `${lockPrefix}${parts.scope}`, restoreKeys: [lockPrefix, platformPrefix] };
}

export function keyScope(env: NodeJS.ProcessEnv, shard: { index: number; total: number } | undefined): string {
  const runId = env['GITHUB_RUN_ID'];
  const base = runId ? `${runId}-${env['GITHUB_RUN_ATTEMPT'] ?? '1'}` : (env['GITHUB_SHA'] ?? 'local');
  return shard ? `${base}-shard${shard.index}of${shard.total}` : base;
}

/** Hashes the nearest lockfile at or above `dir`; workspaces keep one at the root. */
export async function hashLockfile(dir: string): Promise<string> {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    for (const name of LOCKFILES) {
      const content = await readFile(path.join(current, name)).catch(() => undefined);
      if (content) return createHash('sha256').update(content).digest('hex').slice(0, 16);
    }
    if (path.dirname(current) === current) return 'nolock';
  }
}
