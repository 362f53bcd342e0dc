import { spawn } from 'node:child_process';

/**
 * Runs git and resolves with its stdout; rejects when git is missing or exits non-zero. git takes no optional lock
 * (a listing never rewrites the user's index as a side effect).
 */
export async function runGit(cwd: string, args: readonly string[]): Promise<string> {
  return (await execGit(cwd, args, { GIT_OPTIONAL_LOCKS: '0' })).stdout;
}

/**
 * {@link runGit}, also resolving with how long git itself ran, in ms, as its trace2 `exit` event says (`undefined`
 * if it does not): unlike a time taken here, it does not grow while this process is busy elsewhere.
 */
export async function runGitTimed(cwd: string, args: readonly string[]): Promise<{ stdout: string; gitMs: number | undefined }> {
  // trace2's event format is git's machine-readable one; fd 2 keeps it off stdout and out of any file.
  const { stdout, stderr } = await execGit(cwd, args, { GIT_OPTIONAL_LOCKS: '0', GIT_TRACE2_EVENT: '2' });
  const exit = /"event":"exit"[^\n]*"t_abs":([0-9.]+)/.exec(stderr);
  return { stdout, gitMs: exit ? Number(exit[1]) * 1000 : undefined };
}

/**
 * git with stdin closed (execFile would give it a pipe it never reads: one more socket to set up, ~1 ms of a fully
 * cached run's critical path), its output collected as bytes and decoded once.
 */
function execGit(cwd: string, args: readonly string[], env: Record<string, string>): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const fail = (why: string, cause?: unknown) => reject(new Error(`git ${args.join(' ')} failed: ${why}`, cause === undefined ? {} : { cause }));
    // No prompts, no pager, no locale-dependent output.
    const child = spawn('git', args, { cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.once('error', (error) => fail(error.message, error));
    child.once('close', (code, signal) => {
      const err = Buffer.concat(stderr).toString('utf8');
      if (code === 0) resolve({ stdout: Buffer.concat(stdout).toString('utf8'), stderr: err });
      else fail(signal ? `killed by ${signal}` : `exit code ${String(code)}: ${err.trim().split('\n').filter((line) => !line.startsWith('{')).join(' ')}`);
    });
  });
}

/** Splits `-z` output. */
export function splitNul(text: string): string[] {
  return text.split('\0').filter((entry) => entry !== '');
}
