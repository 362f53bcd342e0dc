import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type Files = Record<string, string | Record<string, unknown>>;

export interface TempWorkspace extends AsyncDisposable {
  root: string;
  path(...parts: string[]): string;
  write(files: Files): Promise<void>;
  /** Runs git in the workspace with a fixed identity; rejects when git fails. */
  git(...args: string[]): Promise<string>;
  /** `git init` on `main` and one commit of everything. */
  gitInit(): Promise<void>;
}

/** Writes files (objects as JSON) into a fresh temp directory, removed on dispose. */
export async function tempWorkspace(files: Files = {}): Promise<TempWorkspace> {
  const root = await mkdtemp(path.join(tmpdir(), 'fanout-planning-'));
  const write = async (entries: Files) => {
    for (const [file, content] of Object.entries(entries)) {
      const target = path.join(root, file);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
    }
  };
  const git = async (...args: string[]) => {
    const { stdout } = await run('git', args, {
      cwd: root,
      timeout: 30_000,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'fixture',
        GIT_AUTHOR_EMAIL: 'fixture@example.com',
        GIT_COMMITTER_NAME: 'fixture',
        GIT_COMMITTER_EMAIL: 'fixture@example.com',
      },
    });
    return stdout;
  };
  await write(files);
  return {
    root,
    path: (...parts) => path.join(root, ...parts),
    write,
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

/** A package.json object for `name` with `deps` as `workspace:*` dependencies and the given scripts. */
export function pkg(name: string, deps: string[] = [], scripts: Record<string, string> = { build: `build ${name}` }, version = '1.0.0') {
  return { name, version, scripts, dependencies: Object.fromEntries(deps.map((dep) => [dep, 'workspace:*'])) };
}

/** A pnpm workspace of `packages/<dir>` packages: `pnpmWorkspace({ a: pkg('a'), b: pkg('b', ['a']) })`. */
export function pnpmWorkspace(packages: Record<string, Record<string, unknown>>, extra: Files = {}): Files {
  return {
    'package.json': { name: 'root', private: true, scripts: { build: 'fanout run build' } },
    'pnpm-workspace.yaml': 'packages:\n  - "packages/*"\n',
    ...Object.fromEntries(Object.entries(packages).map(([dir, manifest]) => [`packages/${dir}/package.json`, manifest])),
    ...extra,
  };
}
