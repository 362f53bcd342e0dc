import type { WorkspacePackage } from '../workspace/workspace.js';
import { npmEnvFor, type NpmEnvTask } from './npm-env.js';
import { type ScriptPool, startScriptPool } from './script-pool.js';
import type { ScriptSpec } from './script-spec.js';
import { scriptCommandLine } from './shell-quote.js';
import type { ExecuteRequest, ExecutionOutcome, TaskExecutor } from './task-executor.js';

export interface PoolExecutorOptions {
  /** Workers in the pool: one per slot. */
  concurrency: number;
  /** The workspace root (the last `node_modules/.bin` on PATH). */
  root: string;
  /** Where fanout was invoked (`INIT_CWD`). */
  initCwd: string;
  /** Environment the scripts start from. */
  env: NodeJS.ProcessEnv;
  /** Workspace packages by name (the root's under `//`), for `npm_package_name`, `_version` and `_json`. */
  packages: ReadonlyMap<string, WorkspacePackage>;
  /** @default 'sh' (what npm and pnpm use on POSIX) */
  shell?: string;
  /**
   * A pool started earlier with `startScriptPool` (e.g. while planning), which this executor runs on and terminates;
   * `concurrency` is then ignored.
   * @default a pool of `concurrency` workers, started on the first attempt
   */
  pool?: Promise<ScriptPool>;
}

/**
 * Runs each task attempt on a `@fanout/pool` process worker, which spawns the script directly through the shell
 * (`runScript` in script-task.ts, called by name so it also works from a bundle). The pool attributes every line
 * the worker's children write to the call, and its timeout and terminate kill the whole process tree. Unless one
 * is handed in, the pool starts on the first attempt, so a run that is all cache hits starts no process at all.
 */
export class PoolExecutor implements TaskExecutor {
  readonly #options: PoolExecutorOptions;
  readonly #env: (task: NpmEnvTask) => Record<string, string>;
  #pool: Promise<ScriptPool> | undefined;
  #terminated = false;

  constructor(options: PoolExecutorOptions) {
    this.#options = options;
    this.#env = npmEnvFor({ root: options.root, initCwd: options.initCwd, env: options.env });
    this.#pool = options.pool;
  }

  async execute(request: ExecuteRequest): Promise<ExecutionOutcome> {
    if (this.#terminated) return { kind: 'aborted', worker: null, pid: null };
    const { task } = request;
    const pkg = this.#options.packages.get(task.packageName);
    const spec: ScriptSpec = {
      commandLine: scriptCommandLine(task.command, task.args),
      cwd: task.dir,
      shell: this.#options.shell ?? 'sh',
      env: this.#env({ task, version: pkg?.version, manifestPath: pkg?.manifestPath ?? `${task.dir}/package.json`, ...(pkg ? { packageName: pkg.name } : {}) }),
    };
    let worker: string | null = null;
    let pid: number | null = null;
    try {
      const pool = await this.#getPool();
      if (this.#terminated) return { kind: 'aborted', worker: null, pid: null };
      const exit = await pool.apply('runScript', [spec], {
        ...(request.timeoutMs === undefined ? {} : { timeout: request.timeoutMs }),
        ...(request.signal === undefined ? {} : { signal: request.signal }),
        onStart: (start) => {
          worker = start.worker;
          pid = start.pid;
          request.onStart({ worker: start.worker, pid: start.pid });
        },
        onLog: (entry) => request.onOutput({ stream: entry.stream, line: entry.line, time: entry.time }),
      });
      return { kind: 'exited', exitCode: exit.exitCode, signal: exit.signal, worker: worker ?? 'PoolWorker-?', pid: pid ?? -1 };
    } catch (error) {
      if (this.#terminated || request.signal?.aborted) return { kind: 'aborted', worker, pid };
      if (codeOf(error) === 'ERR_TASK_TIMEOUT' && request.timeoutMs !== undefined) {
        return { kind: 'timed-out', timeoutMs: request.timeoutMs, worker: worker ?? 'PoolWorker-?', pid: pid ?? -1 };
      }
      return { kind: 'crashed', message: error instanceof Error ? error.message : String(error), worker, pid };
    }
  }

  /** Kills every worker with its process tree; idempotent. */
  async terminate(): Promise<void> {
    this.#terminated = true;
    const pool = await this.#pool?.catch(() => undefined);
    await pool?.terminate();
  }

  #getPool(): Promise<ScriptPool> {
    this.#pool ??= startScriptPool(this.#options.concurrency);
    return this.#pool;
  }
}

function codeOf(error: unknown): unknown {
  return (error as { code?: unknown } | null)?.code;
}
