import type { Pool, PoolOptions } from '@fanout/pool';
import type * as ScriptTask from './script-task.js';

/** The process pool whose workers spawn the scripts (`runScript` in script-task.ts). */
export type ScriptPool = Pool<typeof ScriptTask>;

/**
 * Starts the script pool now: loads `@fanout/pool` and spawns `processes` workers, which take a few hundred ms to
 * come up on a loaded machine (each is a Node start, and `NODE_EXTRA_CA_CERTS` alone costs ~90 ms of it). A caller
 * that already knows every task will run (`--no-cache`, `--force`) can start it before planning, so the workers
 * boot while the workspace is read; hand it to the `PoolExecutor` as `pool`, or terminate it if the run never starts.
 * The module loads here, not with this file, so a dry run or a fully cached run never pays for it.
 */
export function startScriptPool(processes: number): Promise<ScriptPool> {
  return import('@fanout/pool').then(({ Pool }) => new Pool<typeof ScriptTask>(scriptPoolOptions(processes)));
}

/** The options of a script pool of `processes` workers (for a caller that has the `Pool` class at hand). */
export function scriptPoolOptions(processes: number): PoolOptions {
  return {
    processes,
    tasks: new URL('./script-task.js', import.meta.url),
    // Every line a script writes is attributed to its task (per-call onLog) and kept in its log.
    captureOutput: true,
    env: workerEnv(process.env),
  };
}

/**
 * The environment of the pool's own workers. They run no user code: each script is spawned with the full
 * environment of the run (ScriptSpec.env, built from the user's), NODE_EXTRA_CA_CERTS included. Only the workers
 * themselves go without it: Node 20 parses its whole root store at start-up while it is set (~80 ms of CPU per
 * worker here, all workers at once at the start of a run), and a worker never opens a TLS connection.
 */
export function workerEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NODE_EXTRA_CA_CERTS: _unusedByWorkers, ...rest } = env;
  return rest;
}
