#!/usr/bin/env node
// The benchmark's anchor: the "plain critical-path scheduler spawning scripts directly" the issue and PERF-NOTES
// measure the floor against. No pool, no cache, no reporter: it knows every task's sleep from the generator, starts
// the ready task with the longest remaining path first, and spawns each script through `sh -c` in its package with
// `node_modules/.bin` on PATH, draining its output. What it takes above the floor is the machine's, not a runner's.
// Usage: node bench/plain-scheduler.mjs <workspace dir> <slots> [--packages 40] [--seed 1] [--scale 1]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { workspaceModel } from './generate-workspace.mjs';

const [dir, slotsArg, ...rest] = process.argv.slice(2);
const flag = (name, fallback) => {
  const at = rest.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(rest[at + 1]);
};
const slots = Number(slotsArg);
if (!dir || !Number.isInteger(slots) || slots < 1) {
  console.error('usage: node bench/plain-scheduler.mjs <workspace dir> <slots> [--packages 40] [--seed 1] [--scale 1]');
  process.exit(2);
}

const { tasks } = workspaceModel({ packages: flag('packages', 40), seed: flag('seed', 1), scale: flag('scale', 1) });
const byId = new Map(tasks.map((task) => [task.id, task]));
const dependents = new Map(tasks.map((task) => [task.id, []]));
for (const task of tasks) for (const dep of task.deps) dependents.get(dep).push(task.id);

// Upward rank: the task's own sleep plus the longest chain of dependents after it.
const rank = new Map();
const rankOf = (id) => {
  if (!rank.has(id)) rank.set(id, byId.get(id).ms + Math.max(0, ...dependents.get(id).map(rankOf)));
  return rank.get(id);
};
for (const task of tasks) rankOf(task.id);

const waitingOn = new Map(tasks.map((task) => [task.id, task.deps.length]));
const ready = tasks.filter((task) => task.deps.length === 0).map((task) => task.id);
const PATH = [path.join(dir, 'node_modules', '.bin'), process.env.PATH].join(path.delimiter);
let running = 0;
let done = 0;

const commands = new Map(
  tasks.map((task) => {
    const [name, script] = task.id.split('#');
    const cwd = path.join(dir, 'packages', name.split('/')[1]);
    return [task.id, { cwd, line: JSON.parse(readFileSync(path.join(cwd, 'package.json'), 'utf8')).scripts[script] }];
  }),
);

function pump() {
  while (running < slots && ready.length > 0) {
    ready.sort((a, b) => rank.get(b) - rank.get(a));
    const id = ready.shift();
    const { cwd, line } = commands.get(id);
    running++;
    const child = spawn('sh', ['-c', line], { cwd, env: { ...process.env, PATH }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.resume();
    child.stderr.resume();
    child.on('exit', (code) => {
      running--;
      if (code !== 0) {
        console.error(`${id} failed with exit code ${code}`);
        process.exit(1);
      }
      done++;
      for (const next of dependents.get(id)) {
        const left = waitingOn.get(next) - 1;
        waitingOn.set(next, left);
        if (left === 0) ready.push(next);
      }
      if (done === tasks.length) process.exit(0);
      pump();
    });
  }
}

pump();
