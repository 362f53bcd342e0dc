import { access } from 'node:fs/promises';
import * as path from 'node:path';

/** Lockfile names in the order a workspace kind prefers them. */
const LOCKFILES = ['pnpm-lock.yaml', 'package-lock.json', 'yarn.lock', 'npm-shrinkwrap.json'] as const;

/** Absolute path of the root lockfile, if any; the task cache hashes it into every fingerprint. */
export async function detectLockfile(root: string): Promise<string | undefined> {
  const present = await Promise.all(
    LOCKFILES.map(async (name) => {
      const file = path.join(root, name);
      try {
        await access(file);
        return file;
      } catch {
        return undefined;
      }
    }),
  );
  return present.find((file) => file !== undefined);
}
