import { Writable } from 'node:stream';

/** A writable that keeps everything written, optionally posing as a terminal. */
export class MemoryStream extends Writable {
  text = '';
  isTTY: boolean;
  columns = 60;

  constructor(options: { isTTY?: boolean } = {}) {
    super();
    this.isTTY = options.isTTY ?? false;
  }

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}
