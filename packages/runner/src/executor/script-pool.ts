import type { Pool } from '@fanout/pool';
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
  return import('@fanout/pool').then(
    // captureOutput: every line a script writes is attributed to its task (per-call onLog) and kept in its log.
    ({ Pool }) => new Pool<typeof ScriptTask>({ processes, tasks: new URL('./script-task.js', import.meta.url), captureOutput: true }),
  );
}
