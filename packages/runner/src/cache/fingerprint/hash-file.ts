import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readFile, readlink } from 'node:fs/promises';
import type { Stats } from 'node:fs';

/** Git's object hash: SHA-1 in ordinary repositories, SHA-256 in `--object-format=sha256` ones. */
export type ObjectFormat = 'sha1' | 'sha256';

/** Files up to this size are read whole; bigger ones are streamed so memory stays bounded. */
const READ_WHOLE_BYTES = 4 * 1024 * 1024;

/**
 * A file's `<git mode> <git blob id>`, computed the way git does, so a file hashed here and the same file read
 * from `git ls-files -s` give the same value (barring clean filters such as `autocrlf`). `undefined` when the
 * path is gone or is not a file or symlink.
 */
export async function hashFile(file: string, format: ObjectFormat = 'sha1'): Promise<string | undefined> {
  const stats = await lstat(file).catch(() => undefined);
  if (!stats) return undefined;
  return hashWithStats(file, stats, format);
}

export async function hashWithStats(file: string, stats: Stats, format: ObjectFormat): Promise<string | undefined> {
  if (stats.isSymbolicLink()) {
    const target = await readlink(file).catch(() => undefined);
    return target === undefined ? undefined : `120000 ${blobId(Buffer.from(target), format)}`;
  }
  if (!stats.isFile()) return undefined;
  const mode = (stats.mode & 0o111) !== 0 ? '100755' : '100644';
  if (stats.size <= READ_WHOLE_BYTES) {
    const content = await readFile(file).catch(() => undefined);
    return content === undefined ? undefined : `${mode} ${blobId(content, format)}`;
  }
  const hash = createHash(format).update(`blob ${stats.size}\0`);
  try {
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  } catch {
    return undefined;
  }
  return `${mode} ${hash.digest('hex')}`;
}

function blobId(content: Buffer, format: ObjectFormat): string {
  return createHash(format).update(`blob ${content.length}\0`).update(content).digest('hex');
}
