import { PassThrough } from 'node:stream';

/** Two streams to hand a command as stdout and stderr, and what it wrote to each so far. */
export function capturedIo(): { stdout: PassThrough; stderr: PassThrough; written(): { stdout: string; stderr: string } } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return { stdout, stderr, written: () => ({ stdout: out, stderr: err }) };
}

/** Whether a process with `pid` exists (signal 0 checks without sending anything). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
