import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as core from '@actions/core';
import { run as runFanout, RunnerError, type RunOptions, type RunSummary } from '@fanout/runner';
import { ActionInputError } from './action-input-error.js';
import { restoreTaskCache } from './cache/restore-cache.js';
import { githubCacheService, type CacheService } from './cache/cache-service.js';
import { keyScope } from './cache/cache-key.js';
import { MAX_ERROR_ANNOTATIONS, Outputs, State } from './constants.js';
import { GithubReporter } from './github-reporter.js';
import { parseInputs, type ActionInputs } from './inputs.js';
import { plural } from './plural.js';
import { renderJobSummary } from './job-summary.js';
import { taskEnv } from './task-env.js';

export interface ActionDependencies {
  /** The runner's `run()`. */
  fanout: (options: RunOptions) => Promise<RunSummary>;
  cache: CacheService;
  env: NodeJS.ProcessEnv;
}

const defaults: ActionDependencies = { fanout: runFanout, cache: githubCacheService, env: process.env };

/**
 * The main step: read the inputs, restore the task store, run the tasks with our reporter, write the job summary
 * and outputs. Failed tasks and our own bad input fail the step; a cache problem never does.
 */
export async function run(deps: ActionDependencies = defaults): Promise<void> {
  try {
    const workspace = path.resolve(deps.env['GITHUB_WORKSPACE'] ?? process.cwd());
    const inputs = parseInputs((name) => core.getInput(name), workspace);
    const cacheDir = path.resolve(inputs.workingDirectory, deps.env['FANOUT_CACHE_DIR'] || path.join('node_modules', '.cache', 'fanout'));

    const warnings: string[] = [];
    if (inputs.cache) {
      const { plan, warning } = await restoreTaskCache({
        service: deps.cache,
        env: deps.env,
        cacheDir,
        workingDirectory: inputs.workingDirectory,
        keyPrefix: inputs.cacheKeyPrefix,
        maxSizeBytes: inputs.cacheMaxSizeBytes,
        shard: inputs.shard,
      });
      if (plan) core.saveState(State.CachePlan, JSON.stringify(plan));
      if (warning) warnings.push(warning);
    }

    const summaryPath = path.join(deps.env['RUNNER_TEMP'] ?? tmpdir(), `fanout-summary-${keyScope(deps.env, inputs.shard)}.json`);
    // The step's own failure message is an error annotation too: it takes the last of GitHub's ten.
    const reporter = new GithubReporter({ workspace, maxAnnotations: MAX_ERROR_ANNOTATIONS - 1 });
    const summary = await withCancellation((signal) => deps.fanout(runOptions(inputs, { cacheDir, summaryPath, reporter, env: deps.env, signal })));

    core.saveState(State.EntriesWritten, String(summary.cacheStats?.entriesWritten ?? 0));
    await writeJobSummary(renderJobSummary({ summary, omittedAnnotations: reporter.omittedAnnotations, warnings: [...warnings, ...reporter.warnings] }));
    setOutputs(summary, summaryPath);

    const failed = summary.tasks.filter((task) => task.status === 'failed').map((task) => task.id);
    if (summary.interrupted) core.setFailed('The run was interrupted (the job was cancelled) before every task finished');
    else if (failed.length > 0) core.setFailed(`${plural(failed.length, 'task')} failed: ${failed.join(', ')}`);
  } catch (error) {
    failStep(error);
  }
}

function runOptions(
  inputs: ActionInputs,
  context: { cacheDir: string; summaryPath: string; reporter: GithubReporter; env: NodeJS.ProcessEnv; signal: AbortSignal },
): RunOptions {
  return {
    cwd: inputs.workingDirectory,
    scripts: inputs.scripts,
    args: inputs.args,
    filter: inputs.filter,
    affected: inputs.affected,
    changedFilesIgnorePattern: inputs.changedFilesIgnorePattern,
    ...(inputs.concurrency !== undefined && { concurrency: inputs.concurrency }),
    continueOnError: inputs.continueOnError,
    only: inputs.only,
    cache: inputs.cache,
    cacheDir: context.cacheDir,
    ...(inputs.shard && { shard: inputs.shard }),
    output: 'none',
    reporters: [context.reporter],
    summaryFile: context.summaryPath,
    signal: context.signal,
    // The runner prunes its store to this budget (least recently used first) when the run ends.
    env: { ...taskEnv(context.env), FANOUT_CACHE_MAX_SIZE: String(inputs.cacheMaxSizeBytes) },
  };
}

/** A cancelled job gets SIGINT, then SIGTERM: either aborts the run, which kills every task's process tree. */
async function withCancellation<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  process.once('SIGINT', abort).once('SIGTERM', abort);
  try {
    return await fn(controller.signal);
  } finally {
    process.off('SIGINT', abort).off('SIGTERM', abort);
  }
}

async function writeJobSummary(markdown: string): Promise<void> {
  if (!process.env['GITHUB_STEP_SUMMARY']) {
    core.info('GITHUB_STEP_SUMMARY is not set; no job summary written.');
    return;
  }
  try {
    await core.summary.addRaw(markdown).write();
  } catch (error) {
    core.warning(`Job summary not written: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function setOutputs(summary: RunSummary, summaryPath: string): void {
  const failed = summary.tasks.filter((task) => task.status === 'failed').map((task) => task.id);
  core.setOutput(Outputs.SummaryPath, summaryPath);
  core.setOutput(Outputs.FailedTasks, JSON.stringify(failed));
  core.setOutput(Outputs.TasksTotal, String(summary.counts.total));
  core.setOutput(Outputs.TasksFailed, String(summary.counts.failed));
  core.setOutput(Outputs.CacheHits, String(summary.counts.cached));
  core.setOutput(Outputs.DurationMs, String(Math.round(summary.wallMs)));
}

/** Our bad input and the runner's usage/config errors carry a code and a hint; anything else is a bug, with its stack. */
function failStep(error: unknown): void {
  if (error instanceof ActionInputError || error instanceof RunnerError) {
    const hint = error.hint ? `\nHint: ${error.hint}` : '';
    const location =
      error instanceof RunnerError && error.file
        ? { file: path.relative(process.env['GITHUB_WORKSPACE'] ?? process.cwd(), error.file), startLine: error.line, startColumn: error.column }
        : {};
    core.error(`${error.code}: ${error.message}${hint}`, location);
    process.exitCode = 1;
    return;
  }
  core.setFailed(error instanceof Error ? (error.stack ?? error.message) : String(error));
}
