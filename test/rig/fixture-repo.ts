import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const require = createRequire(import.meta.url);

/** Absolute path of the `fanout` CLI entry, found through the public package name. */
export const fanoutBin = path.join(path.dirname(require.resolve('@fanout/runner/package.json')), 'bin', 'fanout.js');

export type FileContent = string | Record<string, unknown> | unknown[];

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface FixtureRepo extends AsyncDisposable {
  root: string;
  path(...parts: string[]): string;
  write(files: Record<string, FileContent>): Promise<void>;
  read(file: string): Promise<string>;
  /** Runs a command in the repo (argv, no shell), with a hard timeout so a hang never hangs the suite. */
  exec(cmd: string, args: string[], options?: { env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string }): Promise<RunResult>;
  /** Runs the real `fanout` CLI with `CI=true` and no TTY. */
  fanout(args: string[], options?: { env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string }): Promise<RunResult>;
  /** `git init` + commit everything, for filters and cache tests that need real git. */
  gitInit(): Promise<void>;
  git(...args: string[]): Promise<RunResult>;
}

/**
 * Writes a temporary workspace (objects become JSON) and removes it on dispose:
 * `await using repo = await fixtureRepo({ 'package.json': {...}, 'packages/a/package.json': {...} })`.
 */
export async function fixtureRepo(files: Record<string, FileContent> = {}): Promise<FixtureRepo> {
  const root = await mkdtemp(path.join(tmpdir(), 'fanout-fixture-'));
  const resolve = (...parts: string[]) => path.join(root, ...parts);

  async function write(entries: Record<string, FileContent>): Promise<void> {
    for (const [file, content] of Object.entries(entries)) {
      const target = resolve(file);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
    }
  }

  function exec(cmd: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string } = {}) {
    return new Promise<RunResult>((done, fail) => {
      const child = spawn(cmd, args, {
        cwd: options.cwd ?? root,
        env: { ...process.env, ...options.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
      child.on('error', fail);
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        done({ code, signal, stdout, stderr });
      });
    });
  }

  const git = (...args: string[]) =>
    exec('git', args, {
      env: {
        GIT_AUTHOR_NAME: 'fixture',
        GIT_AUTHOR_EMAIL: 'fixture@example.com',
        GIT_COMMITTER_NAME: 'fixture',
        GIT_COMMITTER_EMAIL: 'fixture@example.com',
      },
    });

  await write(files);

  return {
    root,
    path: resolve,
    write,
    read: (file) => readFile(resolve(file), 'utf8'),
    exec,
    fanout: (args, options = {}) =>
      exec(process.execPath, [fanoutBin, ...args], { ...options, env: { CI: 'true', NO_COLOR: '1', ...options.env } }),
    git,
    async gitInit() {
      await git('init', '-q', '-b', 'main');
      await git('add', '-A');
      await git('commit', '-q', '-m', 'initial');
    },
    async [Symbol.asyncDispose]() {
      await rm(root, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}
