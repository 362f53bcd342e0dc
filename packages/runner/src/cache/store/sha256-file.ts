import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';

/** Files up to this size are read whole: a stream's setup costs more than the read for the usual small output. */
const READ_WHOLE_BYTES = 1024 * 1024;

/** SHA-256 and size of a file's bytes; streamed unless `expectedSize` (e.g. from a manifest) says it is small. */
export async function sha256File(file: string, expectedSize?: number): Promise<{ sha256: string; size: number }> {
  if (expectedSize !== undefined && expectedSize <= READ_WHOLE_BYTES) {
    const bytes = await readFile(file);
    return { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
  }
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}
