// Python's calculate/mul/plus demo through map, apply_async, imap and imap_unordered. Python pickles
// `mul` and `plus` by name; here the tasks name them, and `calculate` looks them up in this module.
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool, currentProcess, isMainProcess } from '@fanout/pool';

export async function mul(a, b) {
  await sleep(500 * Math.random());
  return a * b;
}

export async function plus(a, b) {
  await sleep(500 * Math.random());
  return a + b;
}

const FUNCTIONS = { mul, plus };

export async function calculate(func, args) {
  const result = await FUNCTIONS[func](...args);
  return `${currentProcess().name} says that ${func}(${args.join(', ')}) = ${result}`;
}

export function calculatestar(args) {
  return calculate(...args);
}

export function calculateRev(args) {
  const [func, arg] = args;
  return calculate(func, arg);
}

if (isMainProcess()) {
  const cpu = 4;
  const numOfTasks = 10;
  const pool = new Pool({ processes: cpu, tasks: import.meta.url });
  try {
    const TASKS = [
      ...Array.from({ length: numOfTasks }, (_, i) => ['mul', [i, 7]]),
      ...Array.from({ length: numOfTasks }, (_, i) => ['plus', [i, 8]]),
    ];
    const mapResult = await pool.map(calculateRev, TASKS);
    const asyncResults = TASKS.map((task) => pool.applyAsync(calculate, task));
    const imapResult = pool.imap(calculateRev, TASKS);
    const imapUnorderedResult = pool.imapUnordered(calculatestar, TASKS);

    console.log('Ordered results - map():');
    for (const r of mapResult) console.log('\t', r);
    console.log();

    console.log('Ordered async_results - applyAsync():');
    for (const r of asyncResults) console.log('\t', await r.get());
    console.log();

    console.log('Ordered results - imap():');
    for await (const x of imapResult) console.log('\t', x);
    console.log();

    console.log('Unordered results - imapUnordered():');
    for await (const x of imapUnorderedResult) console.log('\t', x);
    console.log();
  } finally {
    await pool.terminate();
  }
}
