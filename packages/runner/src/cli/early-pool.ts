// Entry of dist/bundle/early-pool.cjs, which bin/fanout.js loads before the CLI's bundle on a run told to run every
// task. The workers are forked first, ~20 ms after the process's JS begins rather than ~40 ms (after the CLI's 1.3 MB
// bundle and its code cache were read), and boot while the CLI loads and plans. Each fork still holds the main thread
// 4–14 ms here: libuv waits until the child has exec'd, and the children before it are booting on the same cores.
import { Pool } from '@fanout/pool';
import { type ScriptPool, scriptPoolOptions } from '../executor/script-pool.js';
import { runsEveryTask } from '../run-options.js';
import { resolveConcurrency } from '../scheduler/resolve-concurrency.js';
import { parseRunArgs } from './parse-run-args.js';

/**
 * The script pool for `argv` (the CLI's arguments) started now, if it is a run where every task will run
 * (`run … --no-cache` or `--force`, no `--dry-run`, `--graph` or `--help`), as `startPoolEarly` would start it.
 * Otherwise, and on any usage error (the CLI reports it), `undefined`. Hand it to `main` as `io.earlyPool`.
 */
export function startPoolForCommand(argv: readonly string[]): ScriptPool | undefined {
  if (argv[0] !== 'run') return undefined;
  try {
    const command = parseRunArgs(argv.slice(1));
    if (command.help || command.graph || command.dryRun) return undefined;
    if (!runsEveryTask(command.options)) return undefined;
    return new Pool(scriptPoolOptions(resolveConcurrency(command.options.concurrency)));
  } catch {
    return undefined;
  }
}
