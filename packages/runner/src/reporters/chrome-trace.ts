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
 * complete ("X") event from its start to its end, named after the task; cache hits on a track of their own. A
 * retried task's failed attempts come first, each a slice of its own on its worker's track, named
 * `pkg#task (attempt 1, failed)`; the task's slice then covers only its last attempt.
 */
export function chromeTrace(summary: RunSummary): { traceEvents: TraceEvent[]; displayTimeUnit: 'ms'; otherData: Record<string, unknown> } {
  const events: TraceEvent[] = [];
  const tracks = new Map<number, string>();
  const trackOf = (worker: string | null, pid: number | null, cached: boolean): number => {
    const track = cached ? CACHE_TRACK_PID : (pid ?? CACHE_TRACK_PID);
    if (!tracks.has(track)) tracks.set(track, track === CACHE_TRACK_PID ? 'cache (restored)' : `${worker ?? 'worker'} (pid ${track})`);
    return track;
  };
  const slice = (name: string, cat: string, track: number, start: number, end: number, args: Record<string, unknown>): TraceEvent => ({
    name,
    cat,
    ph: 'X',
    pid: track,
    tid: track,
    ts: (start - summary.startTime) * 1000,
    dur: Math.max(0, end - start) * 1000,
    args,
  });
  for (const task of summary.tasks) {
    if (task.startTime === null || task.endTime === null) continue;
    task.failedAttempts.forEach((attempt, index) => {
      if (attempt.startTime === null || attempt.endTime === null) return;
      const track = trackOf(attempt.worker, attempt.pid, false);
      events.push(
        slice(`${task.id} (attempt ${index + 1}, failed)`, task.script, track, attempt.startTime, attempt.endTime, {
          status: 'failed',
          attempt: index + 1,
          exitCode: attempt.exitCode,
          ...(attempt.signal === null ? {} : { signal: attempt.signal }),
          ...(attempt.timedOut ? { timedOut: true } : {}),
        }),
      );
    });
    const lastStart = task.lastAttemptStartTime ?? task.startTime;
    events.push(
      slice(task.id, task.script, trackOf(task.worker, task.pid, task.cache === 'hit'), lastStart, task.endTime, {
        status: task.status,
        exitCode: task.exitCode,
        attempts: task.attempts,
        cache: task.cache,
        ...(task.flaky ? { flaky: true } : {}),
        ...(task.timedOut ? { timedOut: true } : {}),
      }),
    );
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
