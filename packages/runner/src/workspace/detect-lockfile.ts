import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** Lockfile names in the order a workspace kind prefers them. */
const LOCKFILES = ['pnpm-lock.yaml', 'package-lock.json', 'yarn.lock', 'npm-shrinkwrap.json'] as const;

/**
 * Absolute path of the root lockfile, if any; the task cache hashes it into every fingerprint. Synchronous: four
 * existence checks cost less than one trip through the thread pool.
 */
export async function detectLockfile(root: string): Promise<string | undefined> {
  return LOCKFILES.map((name) => path.join(root, name)).find((file) => existsSync(file));
}
