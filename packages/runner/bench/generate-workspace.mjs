#!/usr/bin/env node
// A synthetic pnpm workspace for the runner benchmark: a seeded random DAG of packages whose build, lint and test
// scripts each start `node` and sleep a known time, so every task pays a real process start, like real scripts do.
// Usage: node bench/generate-workspace.mjs <dir> [--packages 40] [--seed 1]
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The pipeline every runner gets: build after dependency builds, test after its own build, lint free. */
export const PIPELINE = { build: { dependsOn: ['^build'] }, lint: { dependsOn: [] }, test: { dependsOn: ['build'] } };

/** Sleep range of each script, ms. Averages ~550 ms, like the PERF-NOTES workspace (65 s of work over 120 tasks). */
const DURATIONS = { build: [200, 1200], lint: [100, 800], test: [200, 1300] };

/** mulberry32: a tiny seeded PRNG, so the same seed gives the same workspace everywhere. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The workspace as data: packages with dependencies, and tasks with known durations and dependencies.
 * `scale` multiplies every duration (the quick mode uses short sleeps); `sleep: false` makes scripts plain `echo`s.
 */
export function workspaceModel({ packages = 40, seed = 1, scale = 1 } = {}) {
  const next = random(seed);
  const between = ([low, high]) => Math.round((low + next() * (high - low)) * scale);
  const names = Array.from({ length: packages }, (_, index) => `@bench/p${String(index).padStart(String(packages - 1).length, '0')}`);
  const model = names.map((name, index) => {
    // Up to three dependencies among earlier packages, leaning toward recent ones so chains get deep.
    const count = index === 0 ? 0 : Math.min(index, Math.floor(next() * 4));
    const deps = new Set();
    while (deps.size < count) deps.add(names[Math.max(0, index - 1 - Math.floor(next() * next() * index))]);
    return { name, deps: [...deps].sort(), ms: { build: between(DURATIONS.build), lint: between(DURATIONS.lint), test: between(DURATIONS.test) } };
  });
  const tasks = model.flatMap((pkg) => [
    { id: `${pkg.name}#build`, ms: pkg.ms.build, deps: pkg.deps.map((dep) => `${dep}#build`) },
    { id: `${pkg.name}#lint`, ms: pkg.ms.lint, deps: [] },
    { id: `${pkg.name}#test`, ms: pkg.ms.test, deps: [`${pkg.name}#build`] },
  ]);
  return { packages: model, tasks };
}

/**
 * The lower bound of any schedule on `cores` slots: max(critical path, total work / cores). With `startMs`, every task
 * also pays that process start — the floor a runner that spawns each script directly can reach.
 */
export function lowerBound(tasks, cores, startMs = 0) {
  const byId = new Map(tasks.map((task) => [task.id, task]));
  const finish = new Map();
  const finishOf = (task) => {
    if (!finish.has(task.id)) finish.set(task.id, task.ms + startMs + Math.max(0, ...task.deps.map((dep) => finishOf(byId.get(dep)))));
    return finish.get(task.id);
  };
  const criticalPathMs = Math.max(0, ...tasks.map(finishOf));
  const workMs = tasks.reduce((sum, task) => sum + task.ms + startMs, 0);
  return { criticalPathMs, workMs, boundMs: Math.max(criticalPathMs, workMs / cores) };
}

/** Writes the model as a pnpm workspace with a fanout.json and a turbo.json holding the same pipeline. */
export function writeWorkspace(dir, model, { sleep = true } = {}) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const write = (file, content) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
  };
  write('package.json', { name: 'bench-root', private: true, packageManager: 'pnpm@10.34.8' });
  write('pnpm-workspace.yaml', 'packages:\n  - "packages/*"\n');
  write('fanout.json', { tasks: PIPELINE });
  write('turbo.json', { $schema: 'https://turborepo.com/schema.json', tasks: PIPELINE });
  write('.gitignore', 'node_modules\n.turbo\n');
  for (const pkg of model.packages) {
    const script = (ms) => (sleep ? `node -e "setTimeout(() => {}, ${ms})"` : `echo ${ms}`);
    write(`packages/${pkg.name.split('/')[1]}/package.json`, {
      name: pkg.name,
      version: '1.0.0',
      private: true,
      scripts: { build: script(pkg.ms.build), lint: script(pkg.ms.lint), test: script(pkg.ms.test) },
      dependencies: Object.fromEntries(pkg.deps.map((dep) => [dep, 'workspace:*'])),
    });
  }
}

/** Wall times of `samples` runs of `node -e 0` here: what every task's own process start costs. */
export function measureNodeStart(samples = 7) {
  const times = [];
  for (let index = 0; index < samples; index++) {
    const start = process.hrtime.bigint();
    spawnSync(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [dir, ...rest] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: node bench/generate-workspace.mjs <dir> [--packages 40] [--seed 1]');
    process.exit(2);
  }
  const flag = (name, fallback) => {
    const at = rest.indexOf(`--${name}`);
    return at === -1 ? fallback : Number(rest[at + 1]);
  };
  const model = workspaceModel({ packages: flag('packages', 40), seed: flag('seed', 1) });
  writeWorkspace(path.resolve(dir), model);
  const start = measureNodeStart().sort((a, b) => a - b)[3];
  for (const cores of [2, 4]) {
    const bound = lowerBound(model.tasks, cores);
    const floor = lowerBound(model.tasks, cores, start);
    console.log(
      `${model.tasks.length} tasks, work ${(bound.workMs / 1000).toFixed(1)} s, critical path ${(bound.criticalPathMs / 1000).toFixed(1)} s; ` +
        `at ${cores} cores: bound ${(bound.boundMs / 1000).toFixed(1)} s, floor ${(floor.boundMs / 1000).toFixed(1)} s (node start ${start.toFixed(0)} ms)`,
    );
  }
}
