import { readFileSync } from 'node:fs';
import { RunnerError } from '../errors.js';
import type { ScriptPool } from '../executor/script-pool.js';
import type { Reporter } from '../model/run-event.js';
import { renderGraph } from '../planning.js';
import { createTerminalReporter } from '../reporters/terminal-reporter.js';
import { execute, prepareRunStartingPool } from '../run.js';
import { formatError } from './format-error.js';
import { formatWarning } from './format-warning.js';
import { HELP_TEXT } from './help-text.js';
import { parseRunArgs } from './parse-run-args.js';
import { planOf, renderPlanText } from './render-plan.js';

export interface CliIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /**
   * Hears that the run starts a task process (each time one does). bin/fanout.js writes no code cache from such a
   * run: it would hold the pool and the executor, deserialized for nothing by every fully cached run after it.
   */
  onTaskStarted?: () => void;
  /**
   * A script pool started for this very command line before the CLI loaded (bin/fanout.js, see early-pool.ts): the
   * run uses it instead of starting its own, and `main` terminates it whatever happens.
   */
  earlyPool?: ScriptPool;
}

/** Exit code of a usage or configuration error. */
const EXIT_USAGE = 2;
/** Exit code of a run ended by SIGINT/SIGTERM (128 + SIGINT). */
const EXIT_INTERRUPTED = 130;

/** The `fanout` command line; resolves with the process exit code. */
export async function main(argv: readonly string[], io: Partial<CliIo> = {}): Promise<number> {
  const full: CliIo = {
    cwd: io.cwd ?? process.cwd(),
    env: io.env ?? process.env,
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    ...(io.onTaskStarted ? { onTaskStarted: io.onTaskStarted } : {}),
    ...(io.earlyPool ? { earlyPool: io.earlyPool } : {}),
  };
  let handedOver = false;
  try {
    const [command, ...rest] = argv;
    switch (command) {
      case 'run':
        return await runCommand(rest, full, () => (handedOver = true));
      case 'cache': {
        // Loaded on demand: `fanout run` (the hot path) never needs the cache maintenance commands.
        const { cacheCommand } = await import('./cache-command.js');
        return await cacheCommand(rest, { cwd: full.cwd, stdout: full.stdout, stderr: full.stderr, env: full.env });
      }
      case '--help':
      case '-h':
      case 'help':
        full.stdout.write(HELP_TEXT);
        return 0;
      case '--version':
      case '-v':
        full.stdout.write(`${version()}\n`);
        return 0;
      case undefined:
        full.stderr.write(HELP_TEXT);
        return EXIT_USAGE;
      default:
        throw new RunnerError('ERR_RUNNER_USAGE', `Unknown command \`${command}\``, {
          hint: 'Commands: `fanout run <scripts…>`, `fanout cache …`; see `fanout --help`.',
        });
    }
  } catch (error) {
    full.stderr.write(formatError(error));
    return error instanceof RunnerError ? EXIT_USAGE : 1;
  } finally {
    // Not handed to a run (usage error, --help): nothing else would ever stop it.
    if (!handedOver) await full.earlyPool?.terminate().catch(() => undefined);
  }
}

async function runCommand(argv: readonly string[], io: CliIo, handOver: () => void): Promise<number> {
  const command = parseRunArgs(argv);
  if (command.help) {
    io.stdout.write(HELP_TEXT);
    return 0;
  }
  const options = { ...command.options, cwd: io.cwd, env: io.env };
  const willRun = !command.graph && !command.dryRun;
  // From here the run owns the early pool: it stops it if planning fails, and once the run is over.
  if (willRun) handOver();
  const { prepared, early } = await prepareRunStartingPool(options, willRun, willRun && io.earlyPool ? Promise.resolve(io.earlyPool) : undefined);
  if (command.graph || command.dryRun) {
    // A real run reports these through its reporters; a plan must still say when the selection is not what was asked.
    for (const warning of prepared.warnings) io.stderr.write(formatWarning(warning));
  }
  if (command.graph) {
    io.stdout.write(ensureNewline(renderGraph(prepared.graph, command.graph)));
    return 0;
  }
  if (command.dryRun) {
    const plan = planOf(prepared);
    io.stdout.write(command.dryRun === 'json' ? `${JSON.stringify(plan, null, 2)}\n` : renderPlanText(plan));
    return 0;
  }

  // A closed pipe (`fanout run … | head`) must not crash the run: the tasks still finish and the logs are on disk.
  // The listener stays: the error can surface after the run, from a write still in flight.
  io.stdout.on('error', () => {});
  const stdoutIsTTY = (io.stdout as { isTTY?: boolean }).isTTY === true;
  const reporter = createTerminalReporter({
    mode: command.output ?? (io.env['CI'] || !stdoutIsTTY ? 'grouped' : 'stream'),
    stdout: io.stdout,
    stderr: io.stderr,
    env: io.env,
    explain: command.explain,
  });
  const controller = new AbortController();
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    // The first signal kills every task tree (SIGKILL within a second); a second is patience running out, but
    // leaving then could orphan trees, so only a third exits at once.
    if (++signals >= 3) process.exit(EXIT_INTERRUPTED);
    controller.abort(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const onTaskStarted = io.onTaskStarted;
    const started: Reporter[] = onTaskStarted ? [{ onEvent: (event) => event.type === 'task-started' && onTaskStarted() }] : [];
    const summary = await execute(prepared, { ...options, output: 'none', reporters: [reporter, ...started], signal: controller.signal }, early);
    return summary.exitCode;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

function version(): string {
  try {
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return manifest.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
