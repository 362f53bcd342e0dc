import { describe, expect, it } from 'vitest';
import { summarizeRun } from '../../src/scheduler/summarize-run.js';
import { result, T0 } from '../reporters/events.js';
import { graphOf } from './graph-of.js';

describe('run summary', () => {
  const graph = graphOf({ 'a#build': [], 'b#build': ['a#build'], 'c#lint': [], 'd#test': [] });
  const facts = (results: ReturnType<typeof result>[], interrupted = false) => ({
    runId: 'r',
    root: '/repo',
    scripts: ['build'],
    concurrency: 2,
    startTime: T0,
    endTime: T0 + 4000,
    graph,
    results,
    interrupted,
    workers: [],
    cacheStats: null,
  });

  it('computes parallelism, time saved, idle cores, the measured critical path and the bound ratio', () => {
    const summary = summarizeRun(
      facts([
        result('a#build', { durationMs: 1000 }),
        result('b#build', { durationMs: 2000 }),
        result('c#lint', { durationMs: 2500, cache: 'hit' }),
        result('d#test', { status: 'skipped', skipReason: 'run-aborted', durationMs: 0 }),
      ]),
    );
    expect(summary).toMatchObject({
      wallMs: 4000,
      taskMs: 5500,
      parallelism: 5500 / 4000,
      savedMs: 1500,
      idleCoreMs: 2500,
      counts: { total: 4, success: 3, failed: 0, skipped: 1, cached: 1, flaky: 0 },
      criticalPath: { tasks: ['a#build', 'b#build'], ms: 3000, boundRatio: 4000 / 3000 },
      slowest: [
        { id: 'c#lint', durationMs: 2500 },
        { id: 'b#build', durationMs: 2000 },
        { id: 'a#build', durationMs: 1000 },
      ],
      exitCode: 0,
    });
  });

  it('exits 1 when a task failed and 130 when interrupted', () => {
    expect(summarizeRun(facts([result('a#build', { status: 'failed', exitCode: 1 })])).exitCode).toBe(1);
    expect(summarizeRun(facts([result('a#build', { status: 'failed' })], true)).exitCode).toBe(130);
  });
});
