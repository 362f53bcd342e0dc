import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { createTaskCache, type CreateTaskCacheOptions } from '../../src/cache/create-task-cache.js';
import type { Fingerprint, TaskCache } from '../../src/cache/task-cache.js';
import type { Task, TaskConfig } from '../../src/model/task.js';
import { taskId, type TaskId } from '../../src/model/task-id.js';
import type { Workspace, WorkspacePackage } from '../../src/workspace/workspace.js';

const run = promisify(execFile);

export interface CacheRig extends AsyncDisposable {
  root: string;
  cacheDir: string;
  workspace: Workspace;
  warnings: Array<{ code: string; message: string }>;
  write(files: Record<string, string>): Promise<void>;
  git(...args: string[]): Promise<string>;
  task(pkg: string, script: string, config?: TaskConfig, extra?: Partial<Task>): Task;
  cache(options?: Partial<CreateTaskCacheOptions>): TaskCache;
  /** Looks up, and on a miss "runs" the task (writes `logLines` to a log file) and stores it. */
  runThrough(cache: TaskCache, task: Task, deps?: ReadonlyMap<TaskId, Fingerprint>, logLines?: string[]): Promise<{ kind: 'hit' | 'miss'; fingerprint: Fingerprint; reasons: string[] }>;
}

/**
 * A temporary workspace for cache tests: packages `a` and `b` under `packages/`, optional git, and a cache dir
 * in `node_modules/.cache/fanout`. Files are written as given; `gitInit` commits them.
 */
export async function cacheRig(files: Record<string, string> = {}, options: { git?: boolean } = {}): Promise<CacheRig> {
  const root = await mkdtemp(path.join(tmpdir(), 'fanout-cache-'));
  const write = async (entries: Record<string, string>) => {
    for (const [file, content] of Object.entries(entries)) {
      await mkdir(path.dirname(path.join(root, file)), { recursive: true });
      await writeFile(path.join(root, file), content);
    }
  };
  await write({
    'package.json': '{ "name": "root", "private": true }\n',
    'pnpm-workspace.yaml': 'packages:\n  - packages/*\n',
    'packages/a/package.json': '{ "name": "a", "version": "1.0.0" }\n',
    'packages/b/package.json': '{ "name": "b", "version": "1.0.0" }\n',
    ...files,
  });
  const git = async (...args: string[]) =>
    (
      await run('git', args, {
        cwd: root,
        env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' },
      })
    ).stdout;
  if (options.git !== false) {
    await git('init', '-q', '-b', 'main');
    await git('add', '-A');
    await git('commit', '-q', '-m', 'initial');
  }

  const packages: WorkspacePackage[] = ['a', 'b'].map((name) => ({
    name,
    version: '1.0.0',
    dir: path.join(root, 'packages', name),
    relativeDir: `packages/${name}`,
    manifestPath: path.join(root, 'packages', name, 'package.json'),
    scripts: {},
    workspaceDependencies: [],
    manifest: {},
  }));
  const workspace: Workspace = {
    root,
    kind: 'pnpm',
    packages,
    byName: new Map(packages.map((pkg) => [pkg.name, pkg])),
    lockfile: files['pnpm-lock.yaml'] !== undefined ? path.join(root, 'pnpm-lock.yaml') : files['package-lock.json'] !== undefined ? path.join(root, 'package-lock.json') : undefined,
  };
  const cacheDir = path.join(root, 'node_modules', '.cache', 'fanout');
  const warnings: Array<{ code: string; message: string }> = [];
  let logs = 0;

  const rig: CacheRig = {
    root,
    cacheDir,
    workspace,
    warnings,
    write,
    git,
    task: (pkg, script, config = {}, extra = {}) => ({
      id: taskId(pkg, script),
      packageName: pkg,
      dir: path.join(root, 'packages', pkg),
      script,
      command: `node ${script}.js`,
      args: [],
      dependencies: [],
      config,
      ...extra,
    }),
    cache: (overrides = {}) =>
      createTaskCache({ workspace, cacheDir, read: true, write: true, env: {}, onWarning: (warning) => warnings.push(warning), ...overrides }),
    async runThrough(cache, task, deps = new Map(), logLines = [`ran ${task.id}`]) {
      const lookup = await cache.lookup(task, deps);
      if (lookup.kind === 'hit') return { kind: 'hit', fingerprint: lookup.fingerprint, reasons: [] };
      const logFile = path.join(root, 'logs', `${logs++}.log`);
      await mkdir(path.dirname(logFile), { recursive: true });
      await writeFile(logFile, logLines.map((line) => `${line}\n`).join(''));
      await cache.store(task, lookup.fingerprint, { durationMs: 42, logFile });
      return { kind: 'miss', fingerprint: lookup.fingerprint, reasons: lookup.reasons };
    },
    async [Symbol.asyncDispose]() {
      await rm(root, { recursive: true, force: true, maxRetries: 3 });
    },
  };
  return rig;
}

/** A pnpm v9 lockfile where packages/a depends on left-pad@`aVersion` and packages/b on is-odd@`bVersion`. */
export const twoPackageLockfile = (aVersion: string, bVersion: string): string => `lockfileVersion: '9.0'

importers:
  .: {}
  packages/a:
    dependencies:
      left-pad:
        specifier: ^1.0.0
        version: ${aVersion}
  packages/b:
    dependencies:
      is-odd:
        specifier: ^3.0.0
        version: ${bVersion}

packages:
  left-pad@1.0.0:
    resolution: {integrity: sha512-a}
  left-pad@1.1.0:
    resolution: {integrity: sha512-b}
  is-odd@3.0.0:
    resolution: {integrity: sha512-c}
  is-odd@3.0.1:
    resolution: {integrity: sha512-d}

snapshots:
  left-pad@1.0.0: {}
  left-pad@1.1.0: {}
  is-odd@3.0.0: {}
  is-odd@3.0.1: {}
`;
