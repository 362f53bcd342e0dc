import { execFile } from 'node:child_process';

/**
 * Runs git and resolves with its stdout; rejects when git is missing or exits non-zero. Without `locks`, git takes
 * no optional lock (a listing never rewrites the user's index as a side effect).
 */
export async function runGit(cwd: string, args: readonly string[], options: { locks?: boolean } = {}): Promise<string> {
  return (await execGit(cwd, args, { GIT_OPTIONAL_LOCKS: options.locks ? '1' : '0' })).stdout;
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

function execGit(cwd: string, args: readonly string[], env: Record<string, string>): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      // Listings of big trees are large; no prompts, no pager, no locale-dependent output.
      { cwd, maxBuffer: 512 * 1024 * 1024, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', ...env } },
      (error, stdout, stderr) => (error ? reject(new Error(`git ${args.join(' ')} failed: ${error.message}`, { cause: error })) : resolve({ stdout, stderr })),
    );
  });
}

/** Splits `-z` output. */
export function splitNul(text: string): string[] {
  return text.split('\0').filter((entry) => entry !== '');
}
