// `pnpm bench` — @fanout/pool side by side with raw workerpool (process and thread), piscina, tinypool and
// Python's multiprocessing.Pool, on the same machine, in interleaved rounds; reports medians.
//   node bench/run.mjs            full run (writes BENCHMARKS.md)
//   node bench/run.mjs --quick    tiny sizes, one round: proves the harness works, numbers mean nothing
//   node bench/run.mjs --only start,tiny [--rounds 9] [--contenders fanout,python]
//                                 only those rows (and contenders), full sizes; prints, does not write BENCHMARKS.md
import { execFileSync, fork, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { fileURLToPath } from 'node:url';
import Piscina from 'piscina';
import Tinypool from 'tinypool';
import workerpool from 'workerpool';
import { Pool } from '@fanout/pool';
import * as tasks from './workers/tasks.mjs';

const TASKS = new URL('./workers/tasks.mjs', import.meta.url);
const WP_WORKER = fileURLToPath(new URL('./workers/workerpool-worker.mjs', import.meta.url));
const PYTHON = fileURLToPath(new URL('./python_pool.py', import.meta.url));
const OUT = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url));

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const optionValue = (name) => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
};
const only = optionValue('--only')?.split(',');
const onlyContenders = optionValue('--contenders')?.split(',');
const roundsOverride = optionValue('--rounds') === undefined ? undefined : Number(optionValue('--rounds'));
const WORKERS = 2;
const SIZES = quick
  ? { rounds: 1, tiny: 2_000, perItemShare: 1, cpuTasks: 4, cpuMs: 20, imap: 20, payloads: 10, payloadBytes: 1 << 20 }
  : { rounds: roundsOverride ?? 5, tiny: 100_000, perItemShare: 10, cpuTasks: 16, cpuMs: 100, imap: 200, payloads: 200, payloadBytes: 1 << 20 };

// ---- contenders -------------------------------------------------------------------------------------------

/** Each Node contender: how to start a pool, run one named function, run many, and stop. */
const contenders = {
  fanout: {
    label: '@fanout/pool',
    chunked: true,
    create: () => new Pool({ processes: WORKERS, tasks: TASKS }),
    call: (pool, name, arg) => pool.apply(name, [arg]),
    map: (pool, name, items, chunksize) => pool.map(name, items, chunksize),
    unordered: (pool, name, items) => pool.imapUnordered(name, items),
    pids: (pool) => pool.pids,
    destroy: (pool) => pool.terminate(),
  },
  workerpoolProcess: {
    label: 'workerpool (process)',
    create: () =>
      workerpool.pool(WP_WORKER, { maxWorkers: WORKERS, minWorkers: WORKERS, workerType: 'process', forkOpts: { serialization: 'advanced' } }),
    call: (pool, name, arg) => pool.exec(name, [arg]),
    pids: (pool) => pool.workers.map((w) => w.worker.pid),
    destroy: (pool) => pool.terminate(true),
  },
  workerpoolThread: {
    label: 'workerpool (thread)',
    create: () => workerpool.pool(WP_WORKER, { maxWorkers: WORKERS, minWorkers: WORKERS, workerType: 'thread' }),
    call: (pool, name, arg) => pool.exec(name, [arg]),
    pids: () => [],
    destroy: (pool) => pool.terminate(true),
  },
  piscina: {
    label: 'piscina',
    create: () => new Piscina({ filename: TASKS.href, minThreads: WORKERS, maxThreads: WORKERS }),
    call: (pool, name, arg) => pool.run(arg, { name }),
    pids: () => [],
    destroy: (pool) => pool.destroy(),
  },
  tinypool: {
    label: 'tinypool',
    create: () => new Tinypool({ filename: TASKS.href, minThreads: WORKERS, maxThreads: WORKERS }),
    call: (pool, name, arg) => pool.run(arg, { name }),
    pids: () => [],
    destroy: (pool) => pool.destroy(),
  },
};

/** Pools without chunking get one task per item, which is how their users call them. */
function mapAll(c, pool, name, items, chunksize) {
  return c.map ? c.map(pool, name, items, chunksize) : Promise.all(items.map((item) => c.call(pool, name, item)));
}

async function* completions(c, pool, name, items) {
  if (c.unordered) {
    yield* c.unordered(pool, name, items);
    return;
  }
  const pending = new Map(items.map((item, i) => [i, c.call(pool, name, item).then((value) => [i, value])]));
  while (pending.size > 0) {
    const [i, value] = await Promise.race(pending.values());
    pending.delete(i);
    yield value;
  }
}

// ---- workloads --------------------------------------------------------------------------------------------

function lcg(seed) {
  let state = seed;
  return () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const random = lcg(42);
const DURATIONS = Array.from({ length: SIZES.imap }, () => 1 + Math.floor(random() * 20));

function calibrateCpu(targetMs) {
  let n = 100_000;
  for (;;) {
    const t = performance.now();
    tasks.cpu(n);
    const ms = performance.now() - t;
    if (ms > 20) return Math.max(1, Math.round((n * targetMs) / ms));
    n *= 2;
  }
}

/**
 * Waits until every worker of the pool has answered, so no workload measures a worker's start-up (the start
 * workload does): a round of one call per worker can be served by the first worker up while another still starts.
 */
async function warm(c, pool) {
  for (let round = 0; round < 100; round++) {
    const ids = await Promise.all(Array.from({ length: WORKERS }, () => c.call(pool, 'whoami', 20)));
    if (new Set(ids).size === WORKERS) return;
  }
  throw new Error(`${c.label}: not every worker answered after 100 rounds`);
}

async function withPool(c, body) {
  const pool = await c.create();
  try {
    await warm(c, pool);
    return await body(pool);
  } finally {
    await c.destroy(pool);
  }
}

const workloads = {
  tiny: {
    title: `${SIZES.tiny.toLocaleString('en')} tiny tasks (x*x), default chunking`,
    // Sub-second samples on a noisy 2-core machine: 5 of them left the median ±15% from one full run to the next.
    repeats: 3,
    metric: 'tasks/s',
    higherIsBetter: true,
    node: (c) =>
      withPool(c, async (pool) => {
        // Unchunked pools run a share of the items (rate is what is compared), or a round would take minutes.
        const n = c.chunked ? SIZES.tiny : Math.ceil(SIZES.tiny / SIZES.perItemShare);
        const items = Array.from({ length: n }, (_, i) => i);
        const t = performance.now();
        await mapAll(c, pool, 'square', items);
        return { value: n / ((performance.now() - t) / 1000) };
      }),
    python: () => {
      const r = python('tiny', { n: SIZES.tiny });
      return { value: SIZES.tiny / (r.ms / 1000) };
    },
  },
  cpu: {
    title: `${SIZES.cpuTasks} × ~${SIZES.cpuMs} ms CPU tasks`,
    metric: 'efficiency (serial / cores / wall)',
    higherIsBetter: true,
    node: (c) => {
      const iterations = calibrateCpu(SIZES.cpuMs);
      const t0 = performance.now();
      for (let i = 0; i < SIZES.cpuTasks; i++) tasks.cpu(iterations);
      const serial = performance.now() - t0;
      return withPool(c, async (pool) => {
        const t = performance.now();
        // chunksize 1, as Python's row calls it (pool.map(cpu, …, 1)): one task per item for every contender.
        await mapAll(c, pool, 'cpu', Array.from({ length: SIZES.cpuTasks }, () => iterations), 1);
        const wall = performance.now() - t;
        return { value: serial / Math.min(WORKERS, os.availableParallelism()) / wall, extra: `${Math.round(wall)} ms` };
      });
    },
    python: () => {
      const r = python('cpu', { n: SIZES.cpuTasks, ms: SIZES.cpuMs });
      return { value: r.serial_ms / Math.min(WORKERS, os.availableParallelism()) / r.ms, extra: `${Math.round(r.ms)} ms` };
    },
  },
  start: {
    title: `start a ${WORKERS}-worker pool + 1 task each + teardown`,
    repeats: 3,
    metric: 'ms',
    higherIsBetter: false,
    node: async (c) => {
      const t = performance.now();
      const pool = await c.create();
      await Promise.all(Array.from({ length: WORKERS }, () => c.call(pool, 'noop', null)));
      await c.destroy(pool);
      return { value: performance.now() - t };
    },
    python: () => {
      const spawn = python('start', { method: 'spawn' });
      const fork = python('start', { method: 'fork' });
      return { value: spawn.ms, extra: `spawn; fork ${Math.round(fork.ms)} ms` };
    },
  },
  imap: {
    title: `${SIZES.imap} tasks of 1–20 ms via imapUnordered`,
    metric: 'wall ms (first result ms)',
    higherIsBetter: false,
    node: (c) =>
      withPool(c, async (pool) => {
        const t = performance.now();
        let first;
        for await (const _ of completions(c, pool, 'sleep', DURATIONS)) first ??= performance.now() - t;
        return { value: performance.now() - t, extra: `first ${first.toFixed(1)} ms` };
      }),
    python: () => {
      const r = python('imap', { durations: DURATIONS });
      return { value: r.ms, extra: `first ${r.first_ms.toFixed(1)} ms` };
    },
  },
  payload: {
    title: `${SIZES.payloads} × ${SIZES.payloadBytes >> 20} MiB buffer in, sum out`,
    metric: 'MiB/s',
    higherIsBetter: true,
    node: (c) =>
      withPool(c, async (pool) => {
        const buffers = Array.from({ length: SIZES.payloads }, () => new Uint8Array(SIZES.payloadBytes).fill(1));
        const t = performance.now();
        await mapAll(c, pool, 'sum', buffers, 1);
        return { value: (SIZES.payloads * (SIZES.payloadBytes / 2 ** 20)) / ((performance.now() - t) / 1000) };
      }),
    python: () => {
      const r = python('payload', { n: SIZES.payloads, bytes: SIZES.payloadBytes });
      return { value: (SIZES.payloads * (SIZES.payloadBytes / 2 ** 20)) / (r.ms / 1000) };
    },
  },
  rss: {
    title: `idle ${WORKERS}-worker pool, RSS of the process tree`,
    metric: 'MB',
    higherIsBetter: false,
    // A fresh process per measurement, so earlier workloads' heaps do not count.
    node: (c, name) => ({ value: JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--rss-probe', name], { encoding: 'utf8' })).rss }),
    python: () => ({ value: python('rss', {}).rss_mb }),
  },
};

// ---- helpers ----------------------------------------------------------------------------------------------

let pythonMissing = false;
function python(workload, params) {
  const result = spawnSync('python3', [PYTHON, workload, JSON.stringify({ workers: WORKERS, ...params })], { encoding: 'utf8', timeout: 600_000 });
  if (result.error || result.status !== 0) {
    pythonMissing = true;
    throw new Error(`python3 ${workload} failed: ${result.error?.message ?? result.stderr}`);
  }
  return JSON.parse(result.stdout);
}

function treeRssMb(root) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  const pids = [root];
  for (let i = 0; i < pids.length; i++) pids.push(...(children.get(pids[i]) ?? []));
  let kb = 0;
  for (const pid of pids) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // exited meanwhile
    }
  }
  return kb / 1024;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const format = (value, metric) =>
  metric.startsWith('efficiency') ? value.toFixed(2) : value >= 100 ? Math.round(value).toLocaleString('en') : value.toFixed(1);

// ---- main -------------------------------------------------------------------------------------------------

async function probeRss(name) {
  const c = contenders[name];
  const pool = await c.create();
  await warm(c, pool);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const rss = treeRssMb(process.pid);
  await c.destroy(pool);
  process.stdout.write(JSON.stringify({ rss }));
  process.exit(0);
}

/** `--start-probe`: the start workload once, in this process (run by startWithoutExtraCerts with a changed env). */
async function probeStart() {
  const sample = await workloads.start.node(contenders.fanout, 'fanout');
  process.stdout.write(JSON.stringify(sample));
  process.exit(0);
}

/**
 * Context for the start-up row: the same start workload in a child whose environment lacks NODE_EXTRA_CA_CERTS.
 * Node 20 parses its whole root store at start-up when that variable is set (~80 ms per process here); Python
 * loads certificates only when it opens a TLS connection. Reported beside the table, never instead of it.
 */
function startWithoutExtraCerts() {
  if (process.env.NODE_EXTRA_CA_CERTS === undefined) return undefined;
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--start-probe'], { env, encoding: 'utf8' });
  return JSON.parse(out).value;
}

/**
 * The floor under the tiny-task row for process workers: the same chunked map over bare forked children (advanced
 * serialization, Python's chunksize, 2 chunks in flight per child), with no pool in between. Returns tasks/s.
 */
async function rawIpcTiny() {
  const script = fileURLToPath(new URL('./workers/raw-ipc-child.cjs', import.meta.url));
  const children = Array.from({ length: WORKERS }, () => fork(script, [], { serialization: 'advanced' }));
  try {
    await Promise.all(children.map((child) => new Promise((resolve) => { child.once('message', resolve); child.send('ping'); })));
    const items = Array.from({ length: SIZES.tiny }, (_, i) => i);
    const size = Math.ceil(SIZES.tiny / (WORKERS * 4));
    const t = performance.now();
    const chunks = [];
    for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
    const results = new Array(chunks.length);
    let next = 0;
    let done = 0;
    await new Promise((resolve) => {
      const feed = (child) => {
        if (next < chunks.length) child.send({ id: next, items: chunks[next++] });
      };
      for (const child of children) {
        child.on('message', (reply) => {
          results[reply.id] = reply.values;
          if (++done === chunks.length) resolve();
          else feed(child);
        });
        feed(child);
        feed(child);
      }
    });
    [].concat(...results);
    return SIZES.tiny / ((performance.now() - t) / 1000);
  } finally {
    for (const child of children) child.kill('SIGKILL');
  }
}

async function main() {
  const names = [...Object.keys(contenders), 'python'].filter((name) => onlyContenders === undefined || onlyContenders.includes(name));
  const rawIpc = [];
  const startNoCerts = [];
  const samples = {};
  for (let round = 0; round < SIZES.rounds; round++) {
    for (const [key, workload] of Object.entries(workloads)) {
      if (only !== undefined && !only.includes(key)) continue;
      const repeats = quick ? 1 : workload.repeats ?? 1;
      for (let repeat = 0; repeat < repeats; repeat++) {
      // Rotate the order every pass so no contender always runs first (or right after a heavy one).
      const pass = round * repeats + repeat;
      const order = names.map((_, i) => names[(i + pass) % names.length]);
      for (const name of order) {
        if (name === 'python' && pythonMissing) continue;
        let sample;
        try {
          sample = name === 'python' ? workload.python() : await workload.node(contenders[name], name);
        } catch (error) {
          process.stderr.write(`${name} ${key}: ${error.message}\n`);
          continue;
        }
        ((samples[key] ??= {})[name] ??= []).push(sample);
        process.stderr.write(`round ${round + 1}/${SIZES.rounds} ${key} ${name}: ${format(sample.value, workload.metric)}${sample.extra ? ` (${sample.extra})` : ''}\n`);
      }
      }
      if (key === 'start' && only === undefined) {
        const ms = startWithoutExtraCerts();
        if (ms !== undefined) startNoCerts.push(ms);
      }
      if (key === 'tiny') {
        rawIpc.push(await rawIpcTiny());
        process.stderr.write(`round ${round + 1}/${SIZES.rounds} tiny raw child_process IPC: ${format(rawIpc.at(-1), 'tasks/s')}\n`);
      }
    }
  }

  const header = ['workload', 'metric', ...names.map((n) => (n === 'python' ? 'Python multiprocessing' : contenders[n].label)), 'fanout vs Python', 'fanout vs workerpool (process)'];
  const rows = [header, header.map(() => '---')];
  const medians = {};
  for (const [key, workload] of Object.entries(workloads)) {
    const cells = names.map((name) => {
      const list = samples[key]?.[name];
      if (!list?.length) return 'n/a';
      const value = median(list.map((s) => s.value));
      (medians[key] ??= {})[name] = value;
      const extra = list.find((s) => s.extra)?.extra;
      const extraMedian = extra && /^(first )?[\d.]+ ms$/.test(extra) ? ` (${extra.startsWith('first') ? 'first ' : ''}${median(list.map((s) => parseFloat(s.extra.replace('first ', '')))).toFixed(1)} ms)` : extra ? ` (${extra})` : '';
      return `${format(value, workload.metric)}${extraMedian}`;
    });
    const ratio = (other) => {
      const a = medians[key]?.fanout;
      const b = medians[key]?.[other];
      if (a === undefined || b === undefined) return 'n/a';
      return `${(workload.higherIsBetter ? a / b : b / a).toFixed(2)}×`;
    };
    rows.push([workload.title, workload.metric, ...cells, ratio('python'), ratio('workerpoolProcess')]);
  }
  const table = rows.map((row) => `| ${row.join(' | ')} |`).join('\n');

  const targets = [
    ['tiny-task throughput at least Python\'s', medians.tiny?.fanout >= medians.tiny?.python],
    ['CPU-bound efficiency ≥ 0.95 of serial/cores', medians.cpu?.fanout >= 0.95],
    ['≤ 5% overhead over raw workerpool on the CPU-bound workload', medians.cpu?.fanout >= 0.95 * medians.cpu?.workerpoolProcess],
    ['start + teardown no slower than Python\'s spawn pool', medians.start?.fanout <= medians.start?.python],
  ].map(([text, ok]) => `- ${ok ? 'met' : 'NOT met'}: ${text}`);

  const python3 = spawnSync('python3', ['--version'], { encoding: 'utf8' }).stdout.trim() || 'python3 missing';
  const note = quick
    ? '> **Quick smoke run, not representative.** Tiny sizes and a single round on a busy machine; it only shows that the harness works. Run `pnpm bench` (without `--quick`) on a quiet machine for real figures.\n\n'
    : '';
  const markdown = `# @fanout/pool benchmarks

${note}Generated by \`node bench/run.mjs${quick ? ' --quick' : ''}\` on ${new Date().toISOString().slice(0, 10)}: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.availableParallelism()} CPUs, Node ${process.version}, ${python3}, ${WORKERS} workers per pool, ${SIZES.rounds} interleaved round(s), medians${quick ? '' : ' (the tiny-task and start-up rows, under a second a sample, run 3 times a round: 3 × rounds samples)'}. Ratios are > 1 when @fanout/pool is better.

Pools without chunking (workerpool, piscina, tinypool) run one task per item, as their users call them, on ${SIZES.perItemShare === 1 ? 'all' : `1/${SIZES.perItemShare} of the`} items for the tiny-task workload (the rate is what is compared). Raw workerpool (process) uses \`serialization: 'advanced'\`, like @fanout/pool; with its default JSON IPC the payload workload is ~200× slower. Python's pool uses its default start method (fork) except in the start-up row, which reports spawn (fork in brackets). Python's CPU task runs the same loop in Python, calibrated to the same duration, so only efficiencies compare across languages. Before every workload but start-up, each Node pool is warmed until every one of its workers has answered a call (a worker still starting would otherwise be measured as part of the workload); Python's forked workers are up at once.

${table}

${rawIpc.length === 0 ? '' : `Reference under the tiny-task row: the same chunked map over bare forked children (advanced serialization, the same chunksize, 2 chunks in flight per child, no pool layer) ran at ${format(median(rawIpc), 'tasks/s')} tasks/s (median); that is the floor for process workers here, and @fanout/pool reaches ${(medians.tiny?.fanout / median(rawIpc)).toFixed(2)} of it.\n\n`}${startNoCerts.length === 0 ? '' : `NODE_EXTRA_CA_CERTS is set on this machine; Node 20 parses its whole root store at every process start when it is (Python only when it opens a TLS connection). The start-up row measured again in a child without it (context only, not a result): ${format(median(startNoCerts), 'ms')} ms for @fanout/pool.\n\n`}Targets from the issue:
${targets.join('\n')}
`;
  console.log(markdown);
  // A partial run is a measurement for the developer, not the package's table.
  if (only !== undefined || onlyContenders !== undefined || roundsOverride !== undefined) return;
  writeFileSync(OUT, markdown);
  process.stderr.write(`wrote ${OUT}\n`);
}

if (args[0] === '--rss-probe') await probeRss(args[1]);
else if (args[0] === '--start-probe') await probeStart();
else await main();
