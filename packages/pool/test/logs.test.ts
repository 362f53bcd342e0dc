import { describe, expect, it } from 'vitest';
import { createPool } from './helpers/pool.js';
import type { LogEntry } from './helpers/pool.js';

describe('per-PID logs', () => {
  it('every line a task writes reaches its onLog before the call settles, attributed to its task', async () => {
    const lines: LogEntry[] = [];
    const starts: number[] = [];
    const pool = createPool({ captureOutput: true });
    const count = await pool.apply('print', [['one', 'two', 'three']], { onLog: (entry) => lines.push(entry), onStart: (info) => starts.push(info.taskId) });
    expect(count).toBe(3);
    expect(lines.map((l) => l.line)).toEqual(['one', 'two', 'three']);
    expect(new Set(lines.map((l) => l.taskId))).toEqual(new Set(starts));
    expect(lines[0]).toMatchObject({ stream: 'stdout', worker: expect.stringMatching(/^PoolWorker-\d+$/) });
    expect(pool.pids).toContain(lines[0]!.pid);
  });

  it('stderr lines and a final line without newline are delivered', async () => {
    const lines: LogEntry[] = [];
    const pool = createPool({ captureOutput: true });
    await pool.apply('print', [['warn'], 'stderr'], { onLog: (e) => lines.push(e) });
    await pool.apply('printRaw', ['partial'], { onLog: (e) => lines.push(e) });
    expect(lines.map((l) => [l.stream, l.line])).toEqual([
      ['stderr', 'warn'],
      ['stdout', 'partial'],
    ]);
  });

  it('output of a shell the task spawns with inherited stdio is captured before the task settles', async () => {
    const lines: LogEntry[] = [];
    const pool = createPool({ captureOutput: true });
    const code = await pool.apply('shell', ['echo out-line; echo err-line 1>&2; printf tail'], { onLog: (e) => lines.push(e) });
    expect(code).toBe(0);
    expect(lines.map((l) => l.line).sort()).toEqual(['err-line', 'out-line', 'tail']);
  });

  it('large outputs arrive as whole lines, never torn or merged', async () => {
    const lines: LogEntry[] = [];
    const pool = createPool({ onLog: (e) => lines.push(e) });
    const expected = Array.from({ length: 2000 }, (_, i) => `${i}:${'x'.repeat(i % 300)}`);
    await pool.apply('print', [expected]);
    expect(lines.map((l) => l.line)).toEqual(expected);
  });

  it('concurrent tasks on different workers keep their lines apart', async () => {
    const pool = createPool({ captureOutput: true });
    const byCall: string[][] = [[], []];
    await Promise.all(
      [0, 1].map((n) =>
        pool.apply('shell', [`for i in 1 2 3 4 5; do echo call${n}-$i; done`], { onLog: (e) => byCall[n]!.push(e.line) }),
      ),
    );
    expect(byCall[0]).toEqual(['call0-1', 'call0-2', 'call0-3', 'call0-4', 'call0-5']);
    expect(byCall[1]).toEqual(['call1-1', 'call1-2', 'call1-3', 'call1-4', 'call1-5']);
  });

  it('the pool-level onLog receives lines of calls without their own onLog', async () => {
    const lines: LogEntry[] = [];
    const pool = createPool({ onLog: (e) => lines.push(e) });
    await pool.map((x: number) => {
      console.log(`item ${x}`);
      return x;
    }, [1, 2, 3], 1);
    expect(lines.map((l) => l.line).sort()).toEqual(['item 1', 'item 2', 'item 3']);
    expect(lines.every((l) => typeof l.taskId === 'number')).toBe(true);
  });
});
