import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const examples = path.join(path.dirname(require.resolve('@fanout/pool/package.json')), 'examples');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node <example>` in the examples folder, as its README tells a user to, with a hard timeout. */
function runExample(name: string, timeoutMs = 30_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [name], { cwd: examples, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not finish within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('the pool examples (the tutorial programs) run and print what the tutorial shows', () => {
  it('squares.mjs prints [ 1, 4, 9 ] from a Pool(5) map', async () => {
    const run = await runExample('squares.mjs');
    expect(run).toMatchObject({ code: 0, stdout: '[ 1, 4, 9 ]\n' });
  });

  it('hello-bob.mjs says hello to bob from a Process', async () => {
    expect(await runExample('hello-bob.mjs')).toMatchObject({ code: 0, stdout: 'hello bob\n' });
  });

  it('info.mjs prints the name, parent pid and pid of the main line and of the child', async () => {
    const run = await runExample('info.mjs');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(9);
    expect(lines.slice(0, 2)).toEqual(['main line', 'process name: MainProcess']);
    const mainPid = lines[3]!.replace('process id: ', '');
    expect(lines.slice(4, 7)).toEqual(['function f', 'process name: Process-1', `parent process: ${mainPid}`]);
    expect(lines[7]).toMatch(/^process id: \d+$/);
    expect(lines[7]).not.toBe(`process id: ${mainPid}`);
    expect(lines[8]).toBe('hello bob');
  });

  it('work-func.mjs prints each item with a worker PID, the fifth powers, and the run time', async () => {
    const run = await runExample('work-func.mjs');
    expect(run.code).toBe(0);
    const workLines = run.stdout.split('\n').filter((line) => line.startsWith('work_func:'));
    expect(workLines).toHaveLength(12);
    const pids = new Set(workLines.map((line) => line.split('PID ')[1]));
    expect(pids.size).toBe(4);
    expect(pids.has(String(process.pid))).toBe(false);
    expect(run.stdout.replace(/\s+/g, ' ')).toContain('0, 1, 32, 243, 1024, 3125, 7776, 16807, 32768, 59049, 100000, 161051');
    expect(run.stdout).toMatch(/\*\*\*run time\(sec\) : \d+\n$/);
  });

  it('calculate.mjs prints the 20 results through map, applyAsync, imap and imapUnordered', async () => {
    const run = await runExample('calculate.mjs', 60_000);
    expect(run.code).toBe(0);
    const sections = run.stdout.split('\n\n').filter((s) => s.trim() !== '');
    expect(sections.map((s) => s.split('\n')[0])).toEqual([
      'Ordered results - map():',
      'Ordered async_results - applyAsync():',
      'Ordered results - imap():',
      'Unordered results - imapUnordered():',
    ]);
    const expected = [
      ...Array.from({ length: 10 }, (_, i) => `mul(${i}, 7) = ${i * 7}`),
      ...Array.from({ length: 10 }, (_, i) => `plus(${i}, 8) = ${i + 8}`),
    ];
    for (const section of sections) {
      const results = section.split('\n').slice(1).map((line) => line.trim());
      for (const line of results) expect(line).toMatch(/^PoolWorker-\d+ says that /);
      const claims = results.map((line) => line.replace(/^PoolWorker-\d+ says that /, ''));
      if (section.startsWith('Unordered')) expect([...claims].sort()).toEqual([...expected].sort());
      else expect(claims).toEqual(expected);
    }
  });

  it('subprocess.mjs ends the main line first; the non-daemon SubProcess keeps the program alive until it ends', async () => {
    const run = await runExample('subprocess.mjs');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe('MainProcess');
    expect(lines[2]).toBe('MainProcess End');
    expect(lines[3]).toBe('SubProcess');
    expect(lines[5]).toBe('SubProcess End');
  });
});
