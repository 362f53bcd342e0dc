import { execFile } from 'node:child_process';

/** Git runs at most this long; a hung git (a credential prompt, a lock) must not hang the run. */
const GIT_TIMEOUT_MS = 30_000;

export interface GitResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

/** Runs `git <args>` in `cwd` without a shell and never rejects: callers decide what a failure means. */
export function git(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<GitResult> {
  return new Promise((resolve) => {
    execFile(
      'git',
      args,
      { cwd, env: { ...env, GIT_TERMINAL_PROMPT: '0' }, timeout: GIT_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => resolve({ ok: error === null, stdout, stderr: stderr || (error?.message ?? '') }),
    );
  });
}
