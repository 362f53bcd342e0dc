// What the runner benchmarks share: paths, options, the generated workspace, and median arithmetic.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { workspaceModel, writeWorkspace } from './generate-workspace.mjs';

export const RUNNER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const FANOUT_BIN = path.join(RUNNER_DIR, 'bin', 'fanout.js');
export const TURBO_BIN = path.join(RUNNER_DIR, 'node_modules', '.bin', 'turbo');
/** A run taking longer than this is killed (its whole process group) and counted as failed. */
export const RUN_TIMEOUT_MS = 15 * 60_000;

/** `--quick`, `--packages`, `--seed`, `--rounds` and any other `--name value` option of a bench script. */
export function benchArgs(argv = process.argv.slice(2)) {
  const quick = argv.includes('--quick');
  const option = (name, fallback) => {
    const at = argv.indexOf(`--${name}`);
    return at === -1 ? fallback : argv[at + 1];
  };
  return {
    quick,
    option,
    packages: Number(option('packages', quick ? 8 : 40)),
    seed: Number(option('seed', 1)),
    rounds: Number(option('rounds', quick ? 1 : 3)),
    scale: quick ? 0.25 : 1,
  };
}

export function requireBuiltRunner() {
  if (!existsSync(path.join(RUNNER_DIR, 'dist', 'bundle', 'cli.cjs'))) {
    console.error('Build the runner first: pnpm --filter @fanout/runner build');
    process.exit(2);
  }
}

/** The environment every contender runs in: CI mode, no colour, no telemetry, and a `pnpm` on PATH (turbo needs one). */
export function benchEnv() {
  const env = { ...process.env, CI: 'true', NO_COLOR: '1', TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1', TURBO_NO_UPDATE_NOTIFIER: '1' };
  delete env.FANOUT_BASE;
  delete env.FANOUT_CACHE_DIR;
  env.PATH = `${findPnpm()}${path.delimiter}${env.PATH}`;
  return env;
}

/** Writes the seeded workspace into `dir`, installs it offline and commits it (both tools hash git files). */
export function prepareWorkspace(dir, settings, env) {
  const model = workspaceModel({ packages: settings.packages, seed: settings.seed, scale: settings.scale });
  writeWorkspace(dir, model);
  mustRun('pnpm', ['install', '--offline', '--silent'], { cwd: dir, env });
  mustRun('git', ['init', '-q', '-b', 'main'], { cwd: dir, env });
  mustRun('git', ['add', '-A'], { cwd: dir, env });
  mustRun('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'commit', '-q', '-m', 'bench'], { cwd: dir, env });
  return model;
}

/** turbo's version, or a note saying why it is skipped. */
export function turboVersion(env) {
  const turbo = spawnSync(TURBO_BIN, ['--version'], { encoding: 'utf8', env });
  if (turbo.status === 0) return { version: turbo.stdout.trim(), note: undefined };
  return { version: undefined, note: `turbo skipped: \`${TURBO_BIN} --version\` failed (${(turbo.stderr || String(turbo.error)).trim().split('\n')[0]}).` };
}

export function killGroup(pid) {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

export function mustRun(command, args, options) {
  const result = spawnSync(command, args, { ...options, encoding: 'utf8', timeout: 300_000 });
  if (result.status !== 0) throw new Error(`\`${command} ${args.join(' ')}\` failed: ${result.stderr || result.error}`);
}

/** The directory of a `pnpm` binary: on PATH, else the one npx caches for the repository's pinned version. */
export function findPnpm() {
  const found = spawnSync('sh', ['-c', 'command -v pnpm || npx --yes -p pnpm@10.34.8 sh -c "command -v pnpm"'], { encoding: 'utf8', timeout: 300_000 });
  const bin = found.stdout.trim().split('\n').pop();
  if (found.status !== 0 || !bin) throw new Error(`No pnpm found: ${found.stderr || found.error}`);
  return path.dirname(bin);
}

export function median(values) {
  const sorted = values.filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = sorted.length >> 1;
  // An even count takes the mean of the middle two: the lower one alone flatters whoever ran twice.
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Median wall time of the runs that succeeded (and verified). */
export function medianOk(results = []) {
  return median(results.filter((result) => result.ok).map((result) => result.ms));
}
