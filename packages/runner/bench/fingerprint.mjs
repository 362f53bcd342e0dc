#!/usr/bin/env node
// Fingerprinting and cache-replay speed of the task cache, on a generated package tree in a temp dir.
//
//   node bench/fingerprint.mjs            10,000 files, 7 rounds (the target: fingerprint < 1 s with git)
//   node bench/fingerprint.mjs --quick    1,000 files, 2 rounds: proves the harness works, numbers mean little
//   node bench/fingerprint.mjs --json     one JSON object instead of the table
//
// Needs a built runner (`pnpm --filter @fanout/runner build`). Measures, each as the median of the rounds:
//   git cold    a fresh cache (git ls-files -s + the package's changed/untracked listing + hashing the changed)
//   no git      the same tree outside git: every file hashed
//   hit         lookup + restore of a stored task whose 200 outputs are already in place
//   restore     lookup + restore with the outputs deleted first
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createTaskCache } from '../dist/cache/create-task-cache.js';

const quick = process.argv.includes('--quick');
const json = process.argv.includes('--json');
const FILES = quick ? 1_000 : 10_000;
const ROUNDS = quick ? 2 : 7;
const OUTPUTS = quick ? 20 : 200;

const root = await mkdtemp(path.join(tmpdir(), 'fanout-bench-fingerprint-'));
try {
  const results = await main();
  if (json) process.stdout.write(`${JSON.stringify({ files: FILES, rounds: ROUNDS, ...results })}\n`);
  else {
    process.stdout.write(`task cache, ${FILES} files, median of ${ROUNDS} rounds${quick ? ' (quick mode: not a measurement)' : ''}\n`);
    for (const [name, ms] of Object.entries(results)) process.stdout.write(`  ${name.padEnd(10)} ${ms.toFixed(1).padStart(8)} ms\n`);
  }
} finally {
  await rm(root, { recursive: true, force: true });
}

async function main() {
  const pkg = path.join(root, 'packages', 'big');
  await writeFile(path.join(root, 'package.json'), '{ "name": "bench-root", "private": true }\n');
  for (let i = 0; i < FILES; i++) {
    const file = path.join(pkg, 'src', `d${i % 100}`, `f${i}.ts`);
    if (i % 100 === i) await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, `export const value${i} = ${i}; // ${'x'.repeat(i % 300)}\n`);
  }
  await writeFile(path.join(pkg, 'package.json'), '{ "name": "big", "version": "1.0.0" }\n');
  await writeFile(path.join(root, '.gitignore'), 'node_modules\ndist\n');
  const git = (...args) => execFileSync('git', args, { cwd: root, stdio: 'ignore', env: { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b' } });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'tree');
  // A working copy as one has it mid-change: a few edits and new files.
  for (let i = 0; i < 20; i++) await writeFile(path.join(pkg, 'src', 'd0', `f${i * 100}.ts`), `// edited ${i}\n`);
  for (let i = 0; i < 10; i++) await writeFile(path.join(pkg, 'src', `new${i}.ts`), `// new ${i}\n`);

  const workspacePackage = { name: 'big', version: '1.0.0', dir: pkg, relativeDir: 'packages/big', manifestPath: path.join(pkg, 'package.json'), scripts: {}, workspaceDependencies: [], manifest: {} };
  const workspace = { root, kind: 'pnpm', packages: [workspacePackage], byName: new Map([['big', workspacePackage]]), lockfile: undefined };
  const task = { id: 'big#build', packageName: 'big', dir: pkg, script: 'build', command: 'tsc', args: [], dependencies: [], config: { outputs: ['dist/**'] } };
  const cacheDir = path.join(root, 'node_modules', '.cache', 'fanout');
  const newCache = () => createTaskCache({ workspace, cacheDir, read: true, write: true, env: {}, onWarning: (w) => process.stderr.write(`warning: ${w.message}\n`) });

  const gitCold = await median(async () => {
    await newCache().lookup(task, new Map());
  });

  // Store one entry with outputs, for the replay measurements.
  await mkdir(path.join(pkg, 'dist'), { recursive: true });
  for (let i = 0; i < OUTPUTS; i++) await writeFile(path.join(pkg, 'dist', `out${i}.js`), `// output ${i}\n${'y'.repeat(2048)}\n`);
  const logFile = path.join(root, 'build.log');
  await writeFile(logFile, 'built\n'.repeat(100));
  const storing = newCache();
  const miss = await storing.lookup(task, new Map());
  await storing.store(task, miss.fingerprint, { durationMs: 1000, logFile });
  await storing.close();

  const replay = async (deleteFirst) => {
    if (deleteFirst) await rm(path.join(pkg, 'dist'), { recursive: true, force: true });
    const lookup = await newCache().lookup(task, new Map());
    if (lookup.kind !== 'hit') throw new Error('expected a cache hit');
    await lookup.restore();
    for await (const line of lookup.readLog()) void line;
  };
  const hit = await median(() => replay(false));
  const restore = await median(() => replay(true));

  await rm(path.join(root, '.git'), { recursive: true, force: true });
  const noGit = await median(async () => {
    await newCache().lookup(task, new Map());
  });
  return { 'git cold': gitCold, 'no git': noGit, hit, restore };
}

async function median(fn) {
  const times = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}
