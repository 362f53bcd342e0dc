import type { TaskGraph } from '../graph/task-graph.js';
import type { RunSummary } from '../model/run-summary.js';
import type { TaskResult } from '../model/task-result.js';
import { criticalPath } from './critical-path.js';

/** How many of the longest tasks the summary names. */
const SLOWEST_COUNT = 5;

export interface RunFacts {
  runId: string;
  root: string;
  scripts: string[];
  concurrency: number;
  startTime: number;
  endTime: number;
  graph: TaskGraph;
  results: TaskResult[];
  interrupted: boolean;
  workers: Array<{ name: string; pid: number }>;
  cacheStats: RunSummary['cacheStats'];
}

/** The end-of-run numbers: where the time went, and how close the run came to the best a schedule could do. */
export function summarizeRun(facts: RunFacts): RunSummary {
  const { results, concurrency } = facts;
  const wallMs = Math.max(0, facts.endTime - facts.startTime);
  const taskMs = results.reduce((sum, result) => sum + result.durationMs, 0);
  const durations = new Map(results.map((result) => [result.id, result.durationMs]));
  const path = criticalPath(facts.graph, (id) => durations.get(id) ?? 0);
  const bound = Math.max(path.ms, taskMs / concurrency);
  const counts = {
    total: results.length,
    success: results.filter((result) => result.status === 'success').length,
    failed: results.filter((result) => result.status === 'failed').length,
    skipped: results.filter((result) => result.status === 'skipped').length,
    cached: results.filter((result) => result.cache === 'hit').length,
    flaky: results.filter((result) => result.flaky).length,
  };
  return {
    version: 1,
    runId: facts.runId,
    root: facts.root,
    scripts: facts.scripts,
    concurrency,
    startTime: facts.startTime,
    endTime: facts.endTime,
    wallMs,
    taskMs,
    parallelism: wallMs > 0 ? taskMs / wallMs : 0,
    savedMs: Math.max(0, taskMs - wallMs),
    idleCoreMs: Math.max(0, concurrency * wallMs - taskMs),
    counts,
    criticalPath: { tasks: path.tasks, ms: path.ms, boundRatio: bound > 0 ? wallMs / bound : 0 },
    slowest: results
      .filter((result) => result.status !== 'skipped' && result.durationMs > 0)
      .sort((a, b) => b.durationMs - a.durationMs)
      .slice(0, SLOWEST_COUNT)
      .map((result) => ({ id: result.id, durationMs: result.durationMs })),
    workers: facts.workers,
    exitCode: facts.interrupted ? 130 : counts.failed > 0 ? 1 : 0,
    interrupted: facts.interrupted,
    cacheStats: facts.cacheStats,
    tasks: results,
  };
}
