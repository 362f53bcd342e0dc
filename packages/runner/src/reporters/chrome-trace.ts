import type { RunSummary } from '../model/run-summary.js';

/** The track that holds cache hits: they ran in no worker. */
const CACHE_TRACK_PID = 0;

interface TraceEvent {
  name: string;
  ph: 'X' | 'M';
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  cat?: string;
  args?: Record<string, unknown>;
}

/**
 * A Chrome trace of the run (opens in Perfetto or chrome://tracing): one track per worker PID, each task a
 * complete ("X") event from its start to its end, named after the task; cache hits on a track of their own.
 */
export function chromeTrace(summary: RunSummary): { traceEvents: TraceEvent[]; displayTimeUnit: 'ms'; otherData: Record<string, unknown> } {
  const events: TraceEvent[] = [];
  const tracks = new Map<number, string>();
  for (const task of summary.tasks) {
    if (task.startTime === null || task.endTime === null) continue;
    const pid = task.cache === 'hit' ? CACHE_TRACK_PID : (task.pid ?? CACHE_TRACK_PID);
    if (!tracks.has(pid)) tracks.set(pid, pid === CACHE_TRACK_PID ? 'cache (restored)' : `${task.worker ?? 'worker'} (pid ${pid})`);
    events.push({
      name: task.id,
      cat: task.script,
      ph: 'X',
      pid,
      tid: pid,
      ts: (task.startTime - summary.startTime) * 1000,
      dur: Math.max(0, task.endTime - task.startTime) * 1000,
      args: {
        status: task.status,
        exitCode: task.exitCode,
        attempts: task.attempts,
        cache: task.cache,
        ...(task.flaky ? { flaky: true } : {}),
        ...(task.timedOut ? { timedOut: true } : {}),
      },
    });
  }
  const metadata: TraceEvent[] = [];
  let sortIndex = 0;
  for (const [pid, name] of [...tracks].sort(([a], [b]) => a - b)) {
    metadata.push(
      { name: 'process_name', ph: 'M', pid, tid: pid, args: { name } },
      { name: 'process_sort_index', ph: 'M', pid, tid: pid, args: { sort_index: sortIndex++ } },
      { name: 'thread_name', ph: 'M', pid, tid: pid, args: { name } },
    );
  }
  return {
    traceEvents: [...metadata, ...events],
    displayTimeUnit: 'ms',
    otherData: { runId: summary.runId, scripts: summary.scripts, concurrency: summary.concurrency, wallMs: summary.wallMs },
  };
}
