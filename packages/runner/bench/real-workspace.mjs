// The cache benchmark's real workspace: this repository, cloned twice (one checkout per tool, so neither tool's
// outputs or logs land in the other's inputs), each built cold once and then replayed from a full cache over
// interleaved rounds. `lint build` only: `test` here is fanout's own test suite, minutes of real processes per run.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FANOUT_BIN, medianOk, mustRun, RUNNER_DIR, TURBO_BIN } from './harness.mjs';

export const REAL_SCRIPTS = ['lint', 'build'];
const REPO_DIR = path.resolve(RUNNER_DIR, '..', '..');
const SLOTS = 2;

/**
 * Clones the committed HEAD of this repository into `work` for each tool, installs it offline, and times a cold run
 * and `rounds` fully cached runs of each, interleaved. `timed(command, args, cwd, env)` is the cache bench's timer.
 * Resolves with `{ tasks, fanout: { cold, cached }, turbo?: { cold, cached }, failures }` (ms, medians).
 */
export async function realWorkspaceBench({ work, env, rounds, turbo, timed }) {
  const failures = [];
  const fanoutDir = checkout(path.join(work, 'real-fanout'), env);
  const turboDir = turbo ? checkout(path.join(work, 'real-turbo'), env) : undefined;
  const summaryFile = path.join(work, 'real-summary.json');
  const cacheDir = path.join(work, 'real-fanout-cache');

  const fanout = async (phase) => {
    const result = await timed(process.execPath, [FANOUT_BIN, 'run', ...REAL_SCRIPTS, '--concurrency', String(SLOTS), '--cache-dir', cacheDir, '--summary', summaryFile], fanoutDir, env);
    if (!result.ok) return result;
    const summary = JSON.parse(readFileSync(summaryFile, 'utf8'));
    const spawned = summary.tasks.filter((task) => task.pid !== null).length;
    if (phase === 'cached' && (summary.counts.cached !== summary.counts.total || spawned > 0)) {
      return { ok: false, ms: Number.NaN, why: `fanout cached run: ${summary.counts.cached}/${summary.counts.total} hits, ${spawned} task processes` };
    }
    return { ...result, tasks: summary.counts.total };
  };
  const turboRun = async (phase) => {
    const result = await timed(TURBO_BIN, ['run', ...REAL_SCRIPTS, `--concurrency=${SLOTS}`, '--ui=stream'], turboDir, env);
    if (result.ok && phase === 'cached' && !result.stdout.includes('FULL TURBO')) return { ok: false, ms: Number.NaN, why: 'turbo cached run was not FULL TURBO' };
    return result;
  };

  const times = { 'fanout cold': [await fanout('cold')], 'fanout cached': [], 'turbo cold': [], 'turbo cached': [] };
  if (turbo) times['turbo cold'].push(await turboRun('cold'));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 || !turbo ? ['fanout', 'turbo'] : ['turbo', 'fanout'];
    for (const tool of order) {
      if (tool === 'fanout') times['fanout cached'].push(await fanout('cached'));
      else if (turbo) times['turbo cached'].push(await turboRun('cached'));
    }
  }
  for (const [key, results] of Object.entries(times)) for (const result of results) if (!result.ok) failures.push(`real workspace, ${key}: ${result.why}`);
  const ms = (key) => medianOk(times[key]);
  return {
    tasks: times['fanout cold'][0]?.tasks,
    rounds,
    fanout: { cold: ms('fanout cold'), cached: ms('fanout cached') },
    ...(turbo ? { turbo: { cold: ms('turbo cold'), cached: ms('turbo cached') } } : {}),
    failures,
  };
}

/** A clone of HEAD with turbo's copy of fanout.json's pipeline committed, installed from the local store. */
function checkout(dir, env) {
  mustRun('git', ['clone', '-q', '--no-hardlinks', REPO_DIR, dir], { env });
  const fanoutConfig = JSON.parse(readFileSync(path.join(dir, 'fanout.json'), 'utf8'));
  writeFileSync(path.join(dir, 'turbo.json'), `${JSON.stringify({ $schema: 'https://turborepo.com/schema.json', tasks: fanoutConfig.tasks }, null, 2)}\n`);
  // turbo writes a log folder into every package it runs; untracked, it would be an input of the next run.
  writeFileSync(path.join(dir, '.gitignore'), `${readFileSync(path.join(dir, '.gitignore'), 'utf8')}.turbo\n`);
  mustRun('pnpm', ['install', '--offline', '--frozen-lockfile', '--silent'], { cwd: dir, env });
  // What `pnpm parallel` does first on a fresh clone: lint's type-aware rules need the packages' declarations.
  mustRun(process.execPath, ['scripts/ensure-cli.mjs'], { cwd: dir, env });
  mustRun('git', ['add', '-A'], { cwd: dir, env });
  mustRun('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'commit', '-q', '-m', 'bench: turbo.json'], { cwd: dir, env });
  return dir;
}
