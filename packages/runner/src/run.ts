import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { TaskCache } from './cache/task-cache.js';
import { compareNatural } from './compare-natural.js';
import { RunnerError } from './errors.js';
import { PoolExecutor } from './executor/pool-executor.js';
import { type ScriptPool, startScriptPool } from './executor/script-pool.js';
import { openWorkTree, type WorkTree } from './cache/work-tree.js';
import type { TaskExecutor } from './executor/task-executor.js';
import type { TaskGraph } from './graph/task-graph.js';
import type { Reporter, RunEvent } from './model/run-event.js';
import type { RunSummary } from './model/run-summary.js';
import { ROOT_PACKAGE, type TaskId } from './model/task-id.js';
import { buildTaskGraph, discoverWorkspace, findWorkspaceRoot, loadPipelineConfig, selectPackages, shardTasks } from './planning.js';
import { chromeTrace } from './reporters/chrome-trace.js';
import { createTerminalReporter } from './reporters/terminal-reporter.js';
import { type RunOptions, runsEveryTask } from './run-options.js';
import { DurationHistory } from './scheduler/duration-history.js';
import { estimateDurations } from './scheduler/estimate-durations.js';
import { checkPersistentSlots } from './graph/check-persistent-slots.js';
import { resolveConcurrency } from './scheduler/resolve-concurrency.js';
import { schedule } from './scheduler/scheduler.js';
import { summarizeRun } from './scheduler/summarize-run.js';
import { fileTaskLogs, pruneRunLogs } from './scheduler/task-log.js';
import type { Workspace } from './workspace/workspace.js';

/** Run log directories kept under `node_modules/.cache/fanout/logs`; older ones are removed at the start of a run. */
const KEEP_RUN_LOGS = 10;

/** Everything decided before the first task starts: what `--dry-run` and `--graph` show. */
export interface PreparedRun {
  cwd: string;
  env: NodeJS.ProcessEnv;
  workspace: Workspace;
  graph: TaskGraph;
  /** The config's `globalDependencies` and `globalEnv`: in every task's fingerprint. */
  globalInputs: { dependencies: string[]; env: string[] };
  concurrency: number;
  /** `<root>/node_modules/.cache/fanout`: duration history and logs. */
  stateDir: string;
  history: DurationHistory;
  /** Estimated duration of every task, in ms. */
  estimates: Map<TaskId, number>;
  warnings: Array<{ code: string; message: string; hint?: string }>;
}

/**
 * Runs scripts across a workspace: discovery → task graph → critical-path-first schedule on a process pool →
 * reporters, with the task cache at the edge. Resolves with the summary (also when tasks fail: see `exitCode`);
 * rejects with a `RunnerError` for usage and configuration errors, before anything runs.
 */
export async function run(options: RunOptions): Promise<RunSummary> {
  const { prepared, early } = await prepareRunStartingPool(options, true);
  return execute(prepared, options, early);
}

/** What {@link prepareRunStartingPool} set going while the run was planned; hand it to {@link execute}. */
export interface EarlyStart {
  /** The script pool, when every task will run (see {@link startPoolEarly}). */
  pool?: Promise<ScriptPool>;
  /** The workspace's git listing for the task cache, when the cache is on. */
  workTree?: WorkTree;
}

/**
 * {@link prepareRun}, with what the run will need first set going alongside when `willRun`: the script pool if every
 * task will run (see {@link startPoolEarly}), else the task cache's git listing as soon as the workspace root is
 * known, so that git runs while the workspace is read and planned (on a fully cached run it is the only process, and
 * it used to start after planning). The pool is stopped if planning fails. Hand both to {@link execute}.
 */
export async function prepareRunStartingPool(
  options: RunOptions,
  willRun: boolean,
  /** A pool already started for this run (the CLI's, see cli/early-pool.ts), used instead of starting one. */
  started?: Promise<ScriptPool>,
): Promise<{ prepared: PreparedRun; early: EarlyStart }> {
  const pool = willRun ? (started ?? startPoolEarly(options)) : undefined;
  let workTree: WorkTree | undefined;
  const onRoot =
    willRun && options.cache !== false
      ? (root: string) => {
          workTree = openWorkTree(root);
        }
      : undefined;
  try {
    return { prepared: await prepareRun(options, onRoot), early: { ...(pool ? { pool } : {}), ...(workTree ? { workTree } : {}) } };
  } catch (error) {
    await stopEarlyPool(pool);
    throw error;
  }
}

/**
 * With the cache off (`--no-cache`) or bypassed (`--force`) every task will run: start the script pool now, so its
 * workers boot while the workspace is read and planned (the first scripts start ~0.1 s sooner). Otherwise none
 * starts before a task misses, so a fully cached run starts no process. Hand the result to {@link execute}.
 */
export function startPoolEarly(options: RunOptions): Promise<ScriptPool> | undefined {
  if (!runsEveryTask(options)) return undefined;
  const pool = startScriptPool(resolveConcurrency(options.concurrency));
  pool.catch(() => undefined);
  return pool;
}

/** Stops a pool from {@link startPoolEarly} when the run will not start after all (planning failed, dry run). */
export async function stopEarlyPool(pool: Promise<ScriptPool> | undefined): Promise<void> {
  await pool?.then((started) => started.terminate()).catch(() => undefined);
}

/**
 * Discovery, selection, the task graph, sharding and duration estimates, without running anything. `onRoot` hears
 * the workspace root as soon as it is found.
 */
export async function prepareRun(options: RunOptions, onRoot?: (root: string) => void): Promise<PreparedRun> {
  const env = options.env ?? process.env;
  const cwd = path.resolve(options.cwd ?? process.cwd());
  if (options.scripts.length === 0) {
    throw new RunnerError('ERR_RUNNER_USAGE', 'Expected at least one script name to run, got none', {
      hint: 'Name the package.json scripts to run, e.g. `fanout run lint test build`.',
    });
  }
  const concurrency = resolveConcurrency(options.concurrency);
  if (options.shard) validateShard(options.shard);

  const root = await findWorkspaceRoot(cwd);
  onRoot?.(root);
  const workspace = await discoverWorkspace(root);
  // Before the selection: under `--affected`, a change to a global dependency marks every package as changed.
  const config = await loadPipelineConfig(workspace);
  const selection = await selectPackages(workspace, options.filter ?? [], {
    cwd,
    affected: options.affected ?? false,
    changedFilesIgnorePattern: options.changedFilesIgnorePattern ?? [],
    globalDependencies: config.globalDependencies ?? [],
    env,
  });
  let graph = buildTaskGraph({
    workspace,
    packages: selection.packages,
    scripts: options.scripts,
    config,
    args: options.args ?? [],
    wholeWorkspace: selection.wholeWorkspace,
    only: options.only ?? false,
  });

  const stateDir = path.join(workspace.root, 'node_modules', '.cache', 'fanout');
  const history = await DurationHistory.load(path.join(stateDir, 'durations.json'));
  let estimates = estimateDurations(graph.tasks.values(), history);
  if (options.shard) {
    // No measured durations here: each matrix job has its own history (or none), and slices computed from different
    // histories would overlap or leave tasks out. Every job must cut the same graph the same way.
    graph = shardTasks(graph, options.shard);
    estimates = estimateDurations(graph.tasks.values(), history);
  }
  checkPersistentSlots(graph, concurrency, options.concurrency);
  const warnings = selection.warnings.map((message) => ({ code: 'WARN_RUNNER_SELECTION', message }));
  const globalInputs = { dependencies: config.globalDependencies ?? [], env: config.globalEnv ?? [] };
  return { cwd, env, workspace, graph, globalInputs, concurrency, stateDir, history, estimates, warnings };
}

/** Runs a prepared plan, using what {@link prepareRunStartingPool} started (the pool is stopped whatever happens). */
export async function execute(prepared: PreparedRun, options: RunOptions, early: EarlyStart = {}): Promise<RunSummary> {
  try {
    return await executeOn(prepared, options, early);
  } catch (error) {
    // The executor stops the pool once it has it; a failure before that (cache set-up, a reporter) must too.
    await stopEarlyPool(early.pool);
    throw error;
  }
}

async function executeOn(prepared: PreparedRun, options: RunOptions, early: EarlyStart): Promise<RunSummary> {
  const earlyPool = early.pool;
  const { workspace, graph, concurrency, env, stateDir } = prepared;
  const startTime = Date.now();
  const runId = `${new Date(startTime).toISOString().replace(/[:.]/g, '-')}-${Math.random().toString(16).slice(2, 6)}`;
  const reporters = reportersFor(options, env);
  const workers = new Map<number, string>();
  const emit = (event: RunEvent) => {
    if (event.type === 'task-started') workers.set(event.pid, event.worker);
    for (const reporter of reporters) reporter.onEvent(event);
  };

  // The cache (its hashing, glob matchers, node:crypto) loads here, not with the module, and only when it is used:
  // `--dry-run`, `--graph` and `--no-cache` never touch it, and a run of every task starts its scripts sooner without.
  let cache: TaskCache | null = null;
  let cacheDir = '';
  if (options.cache !== false) {
    const { createTaskCache, defaultCacheDir } = await import('./cache/create-task-cache.js');
    const workTree = early.workTree;
    cacheDir = options.cacheDir === undefined ? defaultCacheDir(workspace.root, env) : path.resolve(prepared.cwd, options.cacheDir);
    cache = createTaskCache({
      workspace,
      cacheDir,
      read: options.force !== true,
      write: true,
      env,
      globalDependencies: prepared.globalInputs.dependencies,
      globalEnv: prepared.globalInputs.env,
      onWarning: (warning) => emit({ type: 'warning', ...warning }),
      ...(workTree ? { workTree } : {}),
    });
  }
  const logsDir = path.join(stateDir, 'logs');
  // Before the first log opens: pruned run folders are recycled into this run's logs (see fileTaskLogs).
  await pruneRunLogs(logsDir, KEEP_RUN_LOGS - 1);
  const executor: TaskExecutor = new PoolExecutor({
    concurrency: Math.max(1, Math.min(concurrency, graph.tasks.size)),
    root: workspace.root,
    initCwd: prepared.cwd,
    env,
    packages: workspace.rootPackage ? new Map([...workspace.byName, [ROOT_PACKAGE, workspace.rootPackage]]) : workspace.byName,
    ...(earlyPool === undefined ? {} : { pool: earlyPool }),
  });

  emit({ type: 'run-started', runId, root: workspace.root, tasks: [...graph.tasks.values()], concurrency, time: startTime });
  for (const warning of prepared.warnings) emit({ type: 'warning', ...warning });

  let outcome: Awaited<ReturnType<typeof schedule>>;
  try {
    outcome = await schedule({
      graph,
      executor,
      concurrency,
      continueOnError: options.continueOnError ?? false,
      estimates: prepared.estimates,
      cache,
      logs: fileTaskLogs(path.join(logsDir, runId)),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      emit,
    });
  } finally {
    await executor.terminate();
  }
  const endTime = Date.now();

  for (const [id, ms] of outcome.measured) prepared.history.record(id, ms, endTime);
  // A run that measured nothing (every task restored, skipped or failed) has nothing to add: no rewrite.
  if (outcome.measured.size > 0) await prepared.history.save(endTime).catch((error: unknown) => emit(outputWarning('the duration history', error)));
  let cacheStats: RunSummary['cacheStats'] = null;
  if (cache) {
    const stats = await cache.close().catch((error: unknown) => {
      emit({ type: 'warning', code: 'ERR_RUNNER_CACHE', message: `Closing the task cache failed: ${messageOf(error)}` });
      return { entriesWritten: 0, bytesWritten: 0 };
    });
    cacheStats = { ...stats, dir: cacheDir };
  }

  const summary = summarizeRun({
    runId,
    root: workspace.root,
    scripts: options.scripts,
    concurrency,
    startTime,
    endTime,
    graph,
    results: outcome.results,
    interrupted: outcome.interrupted,
    workers: [...workers].map(([pid, name]) => ({ name, pid })).sort((a, b) => compareNatural(a.name, b.name) || a.pid - b.pid),
    cacheStats,
  });
  if (options.summaryFile) await writeJson(path.resolve(prepared.cwd, options.summaryFile), summary).catch((error: unknown) => emit(outputWarning('the summary file', error)));
  if (options.profileFile) await writeJson(path.resolve(prepared.cwd, options.profileFile), chromeTrace(summary)).catch((error: unknown) => emit(outputWarning('the profile file', error)));
  emit({ type: 'run-finished', summary });
  for (const reporter of reporters) await reporter.close?.();
  return summary;
}

function reportersFor(options: RunOptions, env: NodeJS.ProcessEnv): Reporter[] {
  const stdout = options.stdout ?? process.stdout;
  const isTTY = (stdout as { isTTY?: boolean }).isTTY === true;
  const mode = options.output ?? (env['CI'] || !isTTY ? 'grouped' : 'stream');
  const builtIn =
    mode === 'none' ? [] : [createTerminalReporter({ mode, stdout, stderr: options.stderr ?? process.stderr, env })];
  return [...builtIn, ...(options.reporters ?? [])];
}

function validateShard(shard: { index: number; total: number }): void {
  const { index, total } = shard;
  if (!Number.isInteger(total) || total < 1 || !Number.isInteger(index) || index < 1 || index > total) {
    throw new RunnerError(
      'ERR_RUNNER_USAGE',
      `Expected \`shard\` to be a 1-based index within the total, like 1/3, got \`${index}/${total}\``,
      { hint: 'Use `--shard <index>/<total>` with 1 ≤ index ≤ total, e.g. `--shard 2/4`.' },
    );
  }
}

/** Synchronous, like the run's other small writes: the run is over, and two thread-pool round trips cost more. */
async function writeJson(file: string, value: unknown): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

function outputWarning(what: string, error: unknown): RunEvent {
  return { type: 'warning', code: 'ERR_RUNNER_OUTPUT', message: `Could not write ${what}: ${messageOf(error)}` };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
