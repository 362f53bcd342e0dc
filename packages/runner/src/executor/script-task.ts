// Worker side: loaded by the pool's worker processes (never imported by the parent), and called by name.
import { spawn } from 'node:child_process';
import type { ScriptExit, ScriptSpec } from './script-spec.js';

/**
 * Runs one package script directly through the shell — no package manager in between — with the worker's
 * stdout/stderr inherited, so every line the script (or anything it starts) writes is attributed by the pool
 * to the task that is running on this worker.
 */
export function runScript(spec: ScriptSpec): Promise<ScriptExit> {
  return new Promise((resolve, reject) => {
    const child = spawn(spec.shell, ['-c', spec.commandLine], {
      cwd: spec.cwd,
      env: spec.env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.once('error', reject);
    child.once('exit', (exitCode, signal) => resolve({ exitCode, signal }));
  });
}
