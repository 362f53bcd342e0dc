import { execFile } from 'node:child_process';

/**
 * Runs git and resolves with its stdout; rejects when git is missing or exits non-zero. Without `locks`, git takes
 * no optional lock (a listing never rewrites the user's index as a side effect).
 */
export function runGit(cwd: string, args: readonly string[], options: { locks?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      // Listings of big trees are large; no prompts, no pager, no locale-dependent output.
      { cwd, maxBuffer: 512 * 1024 * 1024, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: options.locks ? '1' : '0', LC_ALL: 'C' } },
      (error, stdout) => (error ? reject(new Error(`git ${args.join(' ')} failed: ${error.message}`, { cause: error })) : resolve(stdout)),
    );
  });
}

/** Splits `-z` output. */
export function splitNul(text: string): string[] {
  return text.split('\0').filter((entry) => entry !== '');
}
