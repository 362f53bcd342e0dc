#!/usr/bin/env node
// The runner benchmark: fanout against `pnpm -r` and `turbo run` on one generated workspace, interleaved.
// Usage: node bench/run.mjs [--quick] [--rounds 3] [--packages 40] [--seed 1] [--concurrency 2,4]
// The full run writes packages/runner/BENCHMARKS.md; --quick (a small workspace, one round) only proves the harness
// works and prints its table. Build the runner first (`pnpm --filter @fanout/runner build`).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lowerBound, measureNodeStart, workspaceModel, writeWorkspace } from './generate-workspace.mjs';
import {
  benchArgs,
  benchEnv,
  FANOUT_BIN,
  killGroup,
  median,
  medianOk,
  prepareWorkspace,
  requireBuiltRunner,
  RUN_TIMEOUT_MS,
  RUNNER_DIR,
  TURBO_BIN,
  turboVersion as turboVersion_,
} from './harness.mjs';

/** The issue's anchor: a bare longest-path-first scheduler that spawns each script directly (plain-scheduler.mjs). */
const ANCHOR = 'plain scheduler (anchor)';
const PLAIN_SCHEDULER = fileURLToPath(new URL('./plain-scheduler.mjs', import.meta.url));

const { quick, option, ...common } = benchArgs();
const settings = {
  ...common,
  slots: String(option('concurrency', '2,4')).split(',').map(Number),
  scalePackages: quick ? 200 : 1000,
};
requireBuiltRunner();

const work = mkdtempSync(path.join(os.tmpdir(), 'fanout-bench-'));
try {
  await main();
} finally {
  rmSync(work, { recursive: true, force: true });
}

async function main() {
  const env = benchEnv();

  const dir = path.join(work, 'workspace');
  const model = prepareWorkspace(dir, settings, env);
  // The floor's per-task start: `node -e 0` sampled before every timed run, not only once at the start, so one quiet
  // or busy moment does not set the floor for the whole bench; the median of all samples.
  const nodeStarts = [...measureNodeStart(7)];

  const { version: turboVersion, note: turboNote } = turboVersion_(env);
  const pnpmVersion = spawnSync('pnpm', ['--version'], { encoding: 'utf8', env }).stdout.trim();
  const notes = [];
  if (turboNote) notes.push(turboNote);

  const sh = (command) => ['sh', ['-c', command]];
  const modelArgs = ['--packages', String(settings.packages), '--seed', String(settings.seed), '--scale', String(settings.scale)];
  const runners = (slots) => [
    { name: 'fanout', command: [process.execPath, [FANOUT_BIN, 'run', 'build', 'lint', 'test', '--concurrency', String(slots), '--no-cache']] },
    { name: ANCHOR, command: [process.execPath, [PLAIN_SCHEDULER, dir, String(slots), ...modelArgs]] },
    { name: 'pnpm -r (naive, default concurrency)', command: sh('pnpm -r run build && pnpm -r run lint && pnpm -r run test') },
    {
      name: `pnpm -r --workspace-concurrency=${slots}`,
      command: sh(['build', 'lint', 'test'].map((script) => `pnpm -r --workspace-concurrency=${slots} run ${script}`).join(' && ')),
    },
    ...(turboVersion ? [{ name: 'turbo run --force', command: [TURBO_BIN, ['run', 'build', 'lint', 'test', `--concurrency=${slots}`, '--force', '--ui=stream']] }] : []),
  ];

  if (!quick) {
    console.log('warm-up: one untimed run of each');
    for (const runner of runners(settings.slots[0])) await timed(runner, dir, env);
  }
  const times = new Map();
  for (let round = 0; round < settings.rounds; round++) {
    for (const slots of settings.slots) {
      const list = runners(slots);
      // Rotate the order each round so no runner always goes first (or right after the heaviest one).
      const ordered = list.map((_, index) => list[(index + round) % list.length]);
      for (const runner of ordered) {
        nodeStarts.push(...measureNodeStart(3));
        const result = await timed(runner, dir, env);
        const key = `${slots}\0${runner.name}`;
        times.set(key, [...(times.get(key) ?? []), result]);
        console.log(`round ${round + 1} · ${slots} slots · ${runner.name}: ${result.ok ? `${(result.ms / 1000).toFixed(2)} s` : `FAILED (${result.why})`}`);
      }
    }
  }

  const nodeStartMs = median(nodeStarts);
  const scale = await scaleCheck(env);
  const report = render({ model, nodeStartMs, nodeSamples: nodeStarts.length, times, runners, turboVersion, pnpmVersion, notes, scale });
  if (quick) {
    console.log(`\n${report}`);
    console.log('(--quick: a smoke run of the harness; BENCHMARKS.md is left alone)');
  } else {
    writeFileSync(path.join(RUNNER_DIR, 'BENCHMARKS.md'), report);
    console.log(`\n${report}\nwritten to ${path.join(RUNNER_DIR, 'BENCHMARKS.md')}`);
  }
}

/** Discovery + graph + plan of a 1,000-package × 3-task workspace (echo scripts), in-process and through the CLI. */
async function scaleCheck(env) {
  const dir = path.join(work, 'scale');
  writeWorkspace(dir, workspaceModel({ packages: settings.scalePackages, seed: settings.seed }), { sleep: false });
  const { prepareRun } = await import(path.join(RUNNER_DIR, 'dist', 'run.js'));
  const inProcess = [];
  let tasks = 0;
  const heapBefore = process.memoryUsage().heapUsed;
  for (let index = 0; index < 5; index++) {
    const start = process.hrtime.bigint();
    const prepared = await prepareRun({ cwd: dir, scripts: ['build', 'lint', 'test'], env });
    inProcess.push(Number(process.hrtime.bigint() - start) / 1e6);
    tasks = prepared.graph.tasks.size;
  }
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  const cli = [];
  for (let index = 0; index < 3; index++) {
    const result = await timed({ command: [process.execPath, [FANOUT_BIN, 'run', 'build', 'lint', 'test', '--dry-run=json']] }, dir, env);
    cli.push(result.ok ? result.ms : Number.NaN);
  }
  return { packages: settings.scalePackages, tasks, firstMs: inProcess[0], medianMs: median(inProcess.slice(1)), cliMs: median(cli), heapMb };
}

function render({ model, nodeStartMs, nodeSamples, times, runners, turboVersion, pnpmVersion, notes, scale }) {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const lines = [
    '# Runner benchmark',
    '',
    `Generated by \`node bench/run.mjs${quick ? ' --quick' : ''}\` on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} × ${cpu}, Node ${process.version}, ` +
      `pnpm ${pnpmVersion}${turboVersion ? `, turbo ${turboVersion}` : ''}. Median of ${settings.rounds} interleaved round${settings.rounds === 1 ? '' : 's'}${quick ? '' : ' after one warm-up'}.`,
    '',
    `Workspace: ${model.packages.length} packages (seed ${settings.seed}), ${model.tasks.length} sleep tasks (build after dependency builds, test after its build, lint free), ` +
      `each a \`node -e\` start plus a known sleep. \`node -e 0\` takes ${nodeStartMs.toFixed(0)} ms here (median of ${nodeSamples} samples taken before every timed run). ` +
      '**bound** = max(critical path, work / slots) of the sleeps alone; **floor** = the same with that node start added to every task, the best a runner spawning each script directly can do. ' +
      `The **${ANCHOR}** is that runner: the issue's "plain critical-path scheduler spawning scripts directly" (bench/plain-scheduler.mjs: longest remaining path first from the known sleeps, \`sh -c\` per script, output drained, no pool, cache or reporting). ` +
      'What it takes above the floor is what starting those scripts costs on this machine, not a runner\'s overhead.',
    '',
    '| slots | runner | makespan | × bound | × floor | fanout ÷ this |',
    '|---:|---|---:|---:|---:|---:|',
  ];
  for (const slots of settings.slots) {
    const bound = lowerBound(model.tasks, slots);
    const floor = lowerBound(model.tasks, slots, nodeStartMs);
    const fanout = medianOk(times.get(`${slots}\0fanout`));
    for (const runner of runners(slots)) {
      const ms = medianOk(times.get(`${slots}\0${runner.name}`));
      const cells = Number.isNaN(ms)
        ? ['failed', '–', '–', '–']
        : [`${(ms / 1000).toFixed(2)} s`, (ms / bound.boundMs).toFixed(2), (ms / floor.boundMs).toFixed(2), (fanout / ms).toFixed(2)];
      lines.push(`| ${slots} | ${runner.name} | ${cells.join(' | ')} |`);
    }
    lines.push(`| ${slots} | *bound / floor* | ${(bound.boundMs / 1000).toFixed(2)} s / ${(floor.boundMs / 1000).toFixed(2)} s | 1.00 | | |`);
  }
  lines.push(
    '',
    `Critical path ${(lowerBound(model.tasks, 1).criticalPathMs / 1000).toFixed(2)} s, total work ${(lowerBound(model.tasks, 1).workMs / 1000).toFixed(2)} s (sleeps only).`,
    `fanout ÷ ${ANCHOR}: ${settings.slots.map((slots) => `${(medianOk(times.get(`${slots}\0fanout`)) / medianOk(times.get(`${slots}\0${ANCHOR}`))).toFixed(3)} at ${slots} slots`).join(', ')}.`,
    '"fanout ÷ this" below 1.00 means fanout was faster. The naive pnpm row does not depend on the slot count (pnpm\'s default concurrency); it is listed under each for comparison.',
    '',
    '## Scale',
    '',
    `${scale.packages} packages × 3 tasks (${scale.tasks} tasks, echo scripts): discovery + selection + config + task graph + duration estimates (\`prepareRun\`) ` +
      `took ${scale.firstMs.toFixed(0)} ms cold and ${scale.medianMs.toFixed(0)} ms warm (median) in-process; ` +
      `\`fanout run build lint test --dry-run=json\` took ${(scale.cliMs / 1000).toFixed(2)} s end to end including the Node start; heap grew ${scale.heapMb.toFixed(1)} MB over 5 plans.`,
  );
  if (notes.length > 0) lines.push('', ...notes.map((note) => `- ${note}`));
  return `${lines.join('\n')}\n`;
}

/** Runs a command in its own process group and times it; a timeout kills the whole group. */
function timed(runner, cwd, env) {
  const [command, args] = runner.command;
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr = (stderr + chunk).slice(-2000)));
    const timer = setTimeout(() => killGroup(child.pid), RUN_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ ok: false, ms: Number.NaN, why: error.message });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      resolve(code === 0 ? { ok: true, ms } : { ok: false, ms: Number.NaN, why: `exit ${code ?? signal}: ${stderr.trim().split('\n').slice(-3).join(' / ')}` });
    });
  });
}





