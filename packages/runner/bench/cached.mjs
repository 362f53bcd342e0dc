#!/usr/bin/env node
// The cache benchmark: fanout's cold and fully cached runs against turbo's, on the workspace bench/run.mjs generates
// (git-initialised and committed, since both tools hash git files), interleaved over rounds, medians; then the same
// on this repository (bench/real-workspace.mjs).
// Usage: node bench/cached.mjs [--quick] [--rounds 3] [--packages 40] [--seed 1]
// The full run writes packages/runner/BENCHMARKS-CACHE.md; --quick (8 packages, short sleeps, one round, the
// 1,000-file fingerprint bench) only proves the harness works and prints its table. Build the runner first.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  benchArgs,
  benchEnv,
  FANOUT_BIN,
  medianOk,
  mustRun,
  prepareWorkspace,
  requireBuiltRunner,
  RUN_TIMEOUT_MS,
  RUNNER_DIR,
  TURBO_BIN,
  turboVersion as turboVersion_,
} from './harness.mjs';
import { REAL_SCRIPTS, realWorkspaceBench } from './real-workspace.mjs';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const SCRIPTS = ['build', 'lint', 'test'];
const SLOTS = 2;
/** The issue's targets: cached ≤ 15% of cold, fanout cached ≤ turbo cached, fingerprint of 10,000 files < 1 s. */
const TARGETS = { cachedOfCold: 0.15, fanoutOfTurbo: 1, fingerprintMs: 1000 };
/** Fully cached runs of each tool after each round's cold runs. */
const CACHED_REPEATS = 5;

const { quick, ...settings } = benchArgs();
requireBuiltRunner();

const work = mkdtempSync(path.join(os.tmpdir(), 'fanout-bench-cache-'));
try {
  await main();
} finally {
  rmSync(work, { recursive: true, force: true });
}

async function main() {
  const env = benchEnv();
  const dir = path.join(work, 'workspace');
  const model = prepareWorkspace(dir, settings, env);

  const { version: turboVersion, note: turboNote } = turboVersion_(env);
  const notes = [];
  if (turboNote) notes.push(turboNote);

  const fanoutState = { cacheDir: '' };
  const pairs = [{ name: 'fanout', cold: () => fanoutRun(dir, env, 'cold', fanoutState), cached: () => fanoutRun(dir, env, 'cached', fanoutState) }];
  if (turboVersion) pairs.push({ name: 'turbo', cold: () => turboRun(dir, env, 'cold'), cached: () => turboRun(dir, env, 'cached') });

  if (!quick) {
    // As a user who has run both tools before: warm page cache, and fanout's code cache (bin/fanout.js) in place.
    console.log('warm-up: one untimed cold and cached run of each');
    for (const pair of pairs) for (const phase of ['cold', 'cached']) await pair[phase]();
  }
  const times = new Map();
  const record = (key, result) => times.set(key, [...(times.get(key) ?? []), result]);
  for (let round = 0; round < settings.rounds; round++) {
    // Alternate which tool goes first, so neither always runs on the other's warmed page cache.
    const ordered = pairs.map((_, index) => pairs[(index + round) % pairs.length]);
    const timedRun = async (pair, phase) => {
      const result = await pair[phase]();
      record(`${pair.name} ${phase}`, result);
      console.log(`round ${round + 1} · ${pair.name} ${phase}: ${result.ok ? `${(result.ms / 1000).toFixed(2)} s` : `FAILED (${result.why})`}`);
    };
    for (const pair of ordered) await timedRun(pair, 'cold');
    // A cached run takes ~0.2 s and two samples of it are mostly noise: several per cold run, the tools alternating.
    for (let repeat = 0; repeat < CACHED_REPEATS; repeat++) {
      for (const pair of repeat % 2 === 0 ? ordered : [...ordered].reverse()) await timedRun(pair, 'cached');
    }
  }

  console.log('real workspace: cloning this repository twice, one cold run per tool, then cached rounds');
  const realWorkspace = await realWorkspaceBench({ work, env, rounds: quick ? 1 : Math.max(5, settings.rounds * 3), turbo: Boolean(turboVersion), timed });
  const fingerprint = fingerprintBench(env);
  const endToEnd = await fingerprintEndToEnd(env);
  const report = render({ model, times, turboVersion, notes, realWorkspace, fingerprint, endToEnd });
  if (quick) {
    console.log(`\n${report}`);
    console.log('(--quick: a smoke run of the harness; BENCHMARKS-CACHE.md is left alone)');
  } else {
    writeFileSync(path.join(RUNNER_DIR, 'BENCHMARKS-CACHE.md'), report);
    console.log(`\n${report}\nwritten to ${path.join(RUNNER_DIR, 'BENCHMARKS-CACHE.md')}`);
  }
}

/**
 * One fanout run. `cold` starts from an empty cache dir (made fresh here, then kept for the `cached` run that follows);
 * `cached` must be all hits with no task process, checked from its `--summary` JSON, or it counts as failed.
 */
async function fanoutRun(dir, env, phase, state) {
  if (phase === 'cold') state.cacheDir = mkdtempSync(path.join(work, 'fanout-cache-'));
  const summaryFile = path.join(work, `summary-${phase}.json`);
  rmSync(summaryFile, { force: true });
  const args = [FANOUT_BIN, 'run', ...SCRIPTS, '--concurrency', String(SLOTS), '--cache-dir', state.cacheDir, '--summary', summaryFile];
  const result = await timed(process.execPath, args, dir, env);
  if (!result.ok) return result;
  const summary = JSON.parse(readFileSync(summaryFile, 'utf8'));
  if (phase === 'cold') return summary.counts.cached === 0 ? result : { ok: false, ms: Number.NaN, why: `cold run had ${summary.counts.cached} cache hits` };
  const spawned = summary.tasks.filter((task) => task.pid !== null).map((task) => task.id);
  if (summary.counts.cached !== summary.counts.total || spawned.length > 0) {
    return { ok: false, ms: Number.NaN, why: `cached run: ${summary.counts.cached}/${summary.counts.total} hits, processes for ${spawned.slice(0, 3).join(', ') || 'none'}` };
  }
  return { ...result, tasks: summary.counts.total };
}

/** One turbo run; `cold` empties turbo's caches first, `cached` must report FULL TURBO (or every task a cache hit). */
async function turboRun(dir, env, phase) {
  if (phase === 'cold') for (const cache of ['.turbo', 'node_modules/.cache/turbo']) rmSync(path.join(dir, cache), { recursive: true, force: true });
  const result = await timed(TURBO_BIN, ['run', ...SCRIPTS, `--concurrency=${SLOTS}`, '--ui=stream'], dir, env);
  if (!result.ok || phase === 'cold') return result;
  const misses = (result.stdout.match(/cache miss/g) ?? []).length;
  const hits = (result.stdout.match(/cache hit/g) ?? []).length;
  if (!result.stdout.includes('FULL TURBO') && (misses > 0 || hits === 0)) return { ok: false, ms: Number.NaN, why: `turbo cached run had ${misses} cache misses` };
  return result;
}

/** The fingerprint of a 10,000-file committed package tree (1,000 with --quick), measured by bench/fingerprint.mjs. */
function fingerprintBench(env) {
  const run = spawnSync(process.execPath, [path.join(BENCH_DIR, 'fingerprint.mjs'), '--json', ...(quick ? ['--quick'] : [])], {
    encoding: 'utf8',
    env,
    timeout: RUN_TIMEOUT_MS,
  });
  if (run.status !== 0) return { why: (run.stderr || String(run.error)).trim().split('\n').slice(-2).join(' / ') };
  return JSON.parse(run.stdout.trim().split('\n').pop());
}

/**
 * The fingerprint through the CLI: `fanout run t` (an `echo`) with a fresh cache in a committed package of `files` small
 * files, minus the same in a 10-file package, so Node start, discovery and the echo cancel out. Median of 3.
 */
async function fingerprintEndToEnd(env) {
  const files = quick ? 1_000 : 10_000;
  const runs = async (count) => {
    const dir = path.join(work, `tree-${count}`);
    const write = (file, content) => {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), content);
    };
    write('package.json', '{ "name": "tree-root", "private": true }\n');
    write('pnpm-workspace.yaml', 'packages:\n  - "packages/*"\n');
    write('packages/tree/package.json', '{ "name": "tree", "version": "1.0.0", "scripts": { "t": "echo ok" } }\n');
    for (let index = 0; index < count; index++) write(`packages/tree/src/d${index % 100}/f${index}.ts`, `export const value${index} = ${index};\n`);
    commitAll(dir, env);
    const times = [];
    for (let round = 0; round < 3; round++) {
      const cacheDir = mkdtempSync(path.join(work, 'tree-cache-'));
      times.push(await timed(process.execPath, [FANOUT_BIN, 'run', 't', '--cache-dir', cacheDir], dir, env));
    }
    return medianOk(times);
  };
  const large = await runs(files);
  const small = await runs(10);
  return { files, largeMs: large, smallMs: small, ms: large - small };
}

/** The real-workspace section: this repository's `lint build`, each tool in its own clone (bench/real-workspace.mjs). */
function renderReal(real) {
  const cell = (ms) => (Number.isNaN(ms) ? '–' : `${(ms / 1000).toFixed(2)} s`);
  const ratio = (a, b) => (Number.isNaN(a / b) ? '–' : (a / b).toFixed(2));
  const rows = [['fanout', real.fanout], ...(real.turbo ? [['turbo run', real.turbo]] : [])];
  const lines = [
    `This repository (\`${REAL_SCRIPTS.join(' ')}\`${real.tasks === undefined ? '' : `, ${real.tasks} tasks`}: eslint with type information, tsc, esbuild; hundreds of output files), ` +
      `cloned once per tool so neither sees the other's outputs or logs, built cold once, then fully cached ${real.rounds} time${real.rounds === 1 ? '' : 's'} interleaved; medians. ` +
      '`test` is left out: here it is fanout\'s own test suite, minutes of real processes per run.',
    '',
    '| tool | cold | fully cached | cached ÷ cold |',
    '|---|---:|---:|---:|',
    ...rows.map(([name, row]) => `| ${name} | ${cell(row.cold)} | ${cell(row.cached)} | ${ratio(row.cached, row.cold)}${name === 'fanout' && !Number.isNaN(row.cached / row.cold) ? ` (target ≤ ${TARGETS.cachedOfCold}, ${row.cached / row.cold <= TARGETS.cachedOfCold ? 'met' : 'MISSED'})` : ''} |`),
  ];
  if (real.turbo) {
    const of = real.fanout.cached / real.turbo.cached;
    lines.push('', `fanout cached ÷ turbo cached: ${Number.isNaN(of) ? '–' : `${of.toFixed(2)} (target ≤ ${TARGETS.fanoutOfTurbo.toFixed(2)}, ${of <= TARGETS.fanoutOfTurbo ? 'met' : 'MISSED'})`}.`);
  }
  if (real.failures.length > 0) lines.push('', ...real.failures.map((failure) => `- ${failure}`));
  return lines;
}

function render({ model, times, turboVersion, notes, realWorkspace, fingerprint, endToEnd }) {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const get = (key) => medianOk(times.get(key));
  const seconds = (ms) => (Number.isNaN(ms) ? 'failed' : `${(ms / 1000).toFixed(2)} s`);
  const ratio = (a, b, target) => (Number.isNaN(a / b) ? '–' : `${(a / b).toFixed(2)} (target ≤ ${target.toFixed(2)}${a / b <= target ? ', met' : ', MISSED'})`);
  const fanoutCold = get('fanout cold');
  const fanoutCached = get('fanout cached');
  const turboCold = get('turbo cold');
  const turboCached = get('turbo cached');
  const lines = [
    '# Cache benchmark',
    '',
    `Generated by \`node bench/cached.mjs${quick ? ' --quick' : ''}\` on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} × ${cpu}, Node ${process.version}` +
      `${turboVersion ? `, turbo ${turboVersion}` : ''}. One untimed warm-up of each, then the median of ${settings.rounds} interleaved round${settings.rounds === 1 ? "" : "s"}, ${SLOTS} slots.`,
    '',
    `Workspace: ${model.packages.length} packages (seed ${settings.seed}), ${model.tasks.length} \`node -e\` sleep tasks from bench/generate-workspace.mjs, ` +
      'git-initialised and committed. Cold: fanout with a fresh `--cache-dir`, turbo with `.turbo` and `node_modules/.cache/turbo` deleted. ' +
      `Cached: ${CACHED_REPEATS} fully cached runs of each tool after each round's cold runs, the tools alternating; fanout's counts only if its \`--summary\` shows every task cached and no task pid, turbo's only if it prints \`FULL TURBO\`.`,
    '',
    '| tool | cold | fully cached | cached ÷ cold |',
    '|---|---:|---:|---:|',
    `| fanout | ${seconds(fanoutCold)} | ${seconds(fanoutCached)} | ${ratio(fanoutCached, fanoutCold, TARGETS.cachedOfCold)} |`,
    ...(turboVersion ? [`| turbo run | ${seconds(turboCold)} | ${seconds(turboCached)} | ${Number.isNaN(turboCached / turboCold) ? '–' : (turboCached / turboCold).toFixed(2)} |`] : []),
    '',
    `fanout cached ÷ turbo cached: ${turboVersion ? ratio(fanoutCached, turboCached, TARGETS.fanoutOfTurbo) : '– (turbo skipped)'}.`,
    '',
    '## Real workspace',
    '',
    ...renderReal(realWorkspace),
    '',
    '## Fingerprint',
    '',
    fingerprint.why
      ? `bench/fingerprint.mjs failed: ${fingerprint.why}`
      : `A committed ${fingerprint.files.toLocaleString('en-US')}-file package tree with a few edits, fresh cache, median of ${fingerprint.rounds} (bench/fingerprint.mjs): ` +
        `fingerprint with git ${fingerprint['git cold'].toFixed(0)} ms${fingerprint.files === 10_000 ? ` (target < ${TARGETS.fingerprintMs} ms${fingerprint['git cold'] < TARGETS.fingerprintMs ? ', met' : ', MISSED'})` : ' (the target is for 10,000 files; run without --quick)'}, ` +
        `without git ${fingerprint['no git'].toFixed(0)} ms; hit with outputs in place ${fingerprint.hit.toFixed(0)} ms, with outputs restored ${fingerprint.restore.toFixed(0)} ms.`,
    '',
    `Through the CLI: \`fanout run t\` (an \`echo\`, fresh cache, median of 3) in a committed ${endToEnd.files.toLocaleString('en-US')}-file package took ${seconds(endToEnd.largeMs)}, ` +
      `in a 10-file one ${seconds(endToEnd.smallMs)}: the fingerprint costs ${Number.isNaN(endToEnd.ms) ? '–' : `${endToEnd.ms.toFixed(0)} ms`}` +
      `${endToEnd.files === 10_000 && !Number.isNaN(endToEnd.ms) ? ` (target < ${TARGETS.fingerprintMs} ms${endToEnd.ms < TARGETS.fingerprintMs ? ', met' : ', MISSED'})` : ''}.`,
  ];
  const failures = [...times].flatMap(([key, results]) => results.filter((result) => !result.ok).map((result) => `${key}: ${result.why}`));
  if (failures.length > 0 || notes.length > 0) lines.push('', ...[...notes, ...failures].map((note) => `- ${note}`));
  return `${lines.join('\n')}\n`;
}

/** Runs a command in its own process group and times it, keeping stdout; a timeout kills the whole group. */
function timed(command, args, cwd, env) {
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr = (stderr + chunk).slice(-2000)));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, RUN_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ ok: false, ms: Number.NaN, why: error.message });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      resolve(code === 0 ? { ok: true, ms, stdout } : { ok: false, ms: Number.NaN, why: `exit ${code ?? signal}: ${stderr.trim().split('\n').slice(-3).join(' / ')}` });
    });
  });
}

function commitAll(dir, env) {
  mustRun('git', ['init', '-q', '-b', 'main'], { cwd: dir, env });
  mustRun('git', ['add', '-A'], { cwd: dir, env });
  mustRun('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'commit', '-q', '-m', 'bench'], { cwd: dir, env });
}



