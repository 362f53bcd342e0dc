import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { END_MARKER_PREFIX, END_MARKER_SUFFIX } from './constants.js';

export type StreamName = 'stdout' | 'stderr';

/** Receives complete lines (without their newline) and the end markers a worker writes after each task. */
export interface LineSink {
  line(stream: StreamName, line: string): void;
  marker(stream: StreamName, taskId: number): void;
}

/**
 * Splits one stream into whole lines: a line is delivered once, never torn across chunks nor merged with
 * the next; a final line without newline is delivered when the stream ends or when an end marker follows it.
 */
export class LineSplitter {
  readonly #stream: StreamName;
  readonly #sink: LineSink;
  readonly #decoder = new StringDecoder('utf8');
  #partial = '';

  constructor(stream: StreamName, sink: LineSink) {
    this.#stream = stream;
    this.#sink = sink;
  }

  push(chunk: Buffer | string): void {
    const text = this.#partial + (typeof chunk === 'string' ? chunk : this.#decoder.write(chunk));
    let start = 0;
    for (let newline = text.indexOf('\n', start); newline !== -1; newline = text.indexOf('\n', start)) {
      this.#emit(text.slice(start, newline));
      start = newline + 1;
    }
    this.#partial = text.slice(start);
  }

  end(): void {
    const rest = this.#partial + this.#decoder.end();
    this.#partial = '';
    if (rest !== '') this.#emit(rest);
  }

  #emit(raw: string): void {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const at = line.indexOf(END_MARKER_PREFIX);
    if (at === -1) {
      this.#sink.line(this.#stream, line);
      return;
    }
    if (at > 0) this.#sink.line(this.#stream, line.slice(0, at));
    const idEnd = line.indexOf(END_MARKER_SUFFIX, at + END_MARKER_PREFIX.length);
    this.#sink.marker(this.#stream, Number(line.slice(at + END_MARKER_PREFIX.length, idEnd === -1 ? undefined : idEnd)));
  }
}

/** Feeds a worker's stdout and stderr into a sink; `ended` settles when both pipes closed. */
export function captureLines(stdout: Readable | null, stderr: Readable | null, sink: LineSink): Promise<void> {
  const pipes = [
    [stdout, 'stdout'],
    [stderr, 'stderr'],
  ] as const;
  return Promise.all(
    pipes.map(
      ([readable, name]) =>
        new Promise<void>((resolve) => {
          if (readable === null) return resolve();
          const splitter = new LineSplitter(name, sink);
          readable.on('data', (chunk: Buffer) => splitter.push(chunk));
          readable.once('close', () => {
            splitter.end();
            resolve();
          });
          readable.once('end', () => splitter.end());
          readable.once('error', () => resolve());
        }),
    ),
  ).then(() => undefined);
}
