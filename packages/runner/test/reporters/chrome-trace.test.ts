import { describe, expect, it } from 'vitest';
import { chromeTrace } from '../../src/reporters/chrome-trace.js';
import { result, summary, T0 } from './events.js';

describe('chrome trace', () => {
  it('puts each task on the track of its worker pid, cache hits on their own, with named tracks', () => {
    const trace = chromeTrace(
      summary([
        result('ui#build', { pid: 11, worker: 'PoolWorker-1', startTime: T0 + 10, endTime: T0 + 1010, durationMs: 1000 }),
        result('ui#test', { pid: 12, worker: 'PoolWorker-2', startTime: T0 + 1010, endTime: T0 + 1510, durationMs: 500 }),
        result('lib#lint', { cache: 'hit', worker: null, pid: null, startTime: T0, endTime: T0 + 3, durationMs: 3 }),
        result('app#build', { status: 'skipped', startTime: null, endTime: null }),
      ]),
    );
    const complete = trace.traceEvents.filter((event) => event.ph === 'X');
    expect(complete.map((event) => [event.name, event.pid, event.ts, event.dur])).toEqual([
      ['ui#build', 11, 10_000, 1_000_000],
      ['ui#test', 12, 1_010_000, 500_000],
      ['lib#lint', 0, 0, 3_000],
    ]);
    const names = trace.traceEvents.filter((event) => event.name === 'process_name').map((event) => [event.pid, event.args?.['name']]);
    expect(names).toEqual([
      [0, 'cache (restored)'],
      [11, 'PoolWorker-1 (pid 11)'],
      [12, 'PoolWorker-2 (pid 12)'],
    ]);
  });
});
