import { spawn, type ChildProcess } from 'node:child_process';
import { fanoutBin, type FileContent } from './rig/fixture-repo.js';

type Scripts = Record<string, string>;

/**
 * A pnpm workspace of three packages, app → ui → lib (by `workspace:` dependencies), whose scripts are shell
 * one-liners (no Node start per task). By default every script appends `<pkg>:<script>` to `order.log` at the root.
 */
export function threePackages(overrides: { lib?: Scripts; ui?: Scripts; app?: Scripts; root?: Record<string, FileContent> } = {}) {
  const scripts = (name: string, extra: Scripts = {}): Scripts => ({
    build: `echo ${name}:build >> ../../order.log && echo built ${name}`,
    lint: `echo ${name}:lint >> ../../order.log && echo linted ${name}`,
    test: `echo ${name}:test >> ../../order.log && echo tested ${name}`,
    ...extra,
  });
  return {
    'package.json': { name: 'fixture-root', private: true },
    'pnpm-workspace.yaml': 'packages:\n  - "packages/*"\n',
    'packages/lib/package.json': { name: '@fx/lib', version: '1.0.0', scripts: scripts('lib', overrides.lib) },
    'packages/ui/package.json': {
      name: '@fx/ui',
      version: '2.0.0',
      dependencies: { '@fx/lib': 'workspace:*' },
      scripts: scripts('ui', overrides.ui),
    },
    'packages/app/package.json': {
      name: '@fx/app',
      version: '3.0.0',
      dependencies: { '@fx/ui': 'workspace:*' },
      scripts: scripts('app', overrides.app),
    },
    ...overrides.root,
  } satisfies Record<string, FileContent>;
}

/** Polls until no process has `pid` (a kill takes a moment to land); false after `timeoutMs`. */
export async function processGone(pid: number, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The PIDs named in task headers: `── id · PoolWorker-1 · pid 123 · …`. */
export function headerPids(output: string): number[] {
  return [...output.matchAll(/· pid (\d+) ·/g)].map((match) => Number(match[1]));
}

/** A `fanout` CLI running in the background, as a user's terminal would run it (CI output, no colour). */
export interface BackgroundFanout extends AsyncDisposable {
  readonly child: ChildProcess;
  /** Everything it printed to stdout so far. */
  stdout(): string;
  /** Its exit code once it has closed its output. */
  readonly exited: Promise<number | null>;
  /** Polls stdout until `pattern` shows up; false after `timeoutMs`. */
  waitFor(pattern: string | RegExp, timeoutMs?: number): Promise<boolean>;
}

/**
 * Starts `fanout <args>` in `cwd` without waiting for it, for tests that signal a run midway. It is SIGKILLed after
 * `killAfterMs` whatever the test does, and on dispose if still running: a hung run never outlives its test.
 */
export function startFanout(cwd: string, args: string[], killAfterMs = 45_000): BackgroundFanout {
  const child = spawn(process.execPath, [fanoutBin, ...args], {
    cwd,
    env: { ...process.env, CI: 'true', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const killer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  return {
    child,
    stdout: () => stdout,
    exited,
    async waitFor(pattern, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      const found = () => (typeof pattern === 'string' ? stdout.includes(pattern) : pattern.test(stdout));
      while (!found() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      return found();
    },
    async [Symbol.asyncDispose]() {
      clearTimeout(killer);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
