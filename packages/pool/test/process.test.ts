import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isAlive, Process, TASKS, waitFor } from './helpers/pool.js';

const DIST = new URL('../dist/index.js', import.meta.url).href;

/** Runs a small ESM program that uses Process, and returns what it printed. */
function runProgram(body: string): { stdout: string; stderr: string; status: number | null } {
  const source = `import { Process, currentProcess, parentProcess } from '${DIST}';\n${body}`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', source], { encoding: 'utf8', timeout: 20_000 });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

describe('Process', () => {
  it('runs a target with args in a new process and joins it', () => {
    const { stdout, status } = runProgram(`
      const p = new Process({ target: (name) => console.log('hello', name), args: ['bob'] });
      p.start();
      await p.join();
      console.log('exit', p.exitCode);
    `);
    expect(status).toBe(0);
    expect(stdout).toBe('hello bob\nexit 0\n');
  });

  it('names processes Process-<n> unless named, and reports the parent pid', () => {
    const { stdout } = runProgram(`
      const target = async () => {
        const { currentProcess, parentProcess } = await import('${DIST}');
        console.log(currentProcess().name, parentProcess().pid);
      };
      const a = new Process({ target });
      const b = new Process({ target, name: 'SubProcess' });
      a.start(); await a.join();
      b.start(); await b.join();
      console.log('parent', process.pid);
    `);
    const [first, second, parent] = stdout.trim().split('\n');
    const parentPid = parent!.split(' ')[1];
    expect(first).toBe(`Process-1 ${parentPid}`);
    expect(second).toBe(`SubProcess ${parentPid}`);
  });

  it('exitCode is 1 when the target throws, and the error is printed on stderr', async () => {
    const p = new Process({ target: () => {
      throw new Error('target failed');
    } });
    p.start();
    await p.join();
    expect(p.exitCode).toBe(1);
  });

  it('exitCode is -N when killed by signal N; isAlive and pid track the process', async () => {
    const p = new Process({ target: 'sleep', args: [30_000], tasks: TASKS });
    expect(p.exitCode).toBeNull();
    expect(p.isAlive()).toBe(false);
    p.start();
    expect(p.isAlive()).toBe(true);
    expect(typeof p.pid).toBe('number');
    await p.join(200);
    expect(p.isAlive()).toBe(true);
    p.terminate();
    await p.join();
    expect(p.exitCode).toBe(-15);
    expect(isAlive(p.pid!)).toBe(false);

    const q = new Process({ target: 'sleep', args: [30_000], tasks: TASKS });
    q.start();
    await new Promise((resolve) => setTimeout(resolve, 300));
    q.kill();
    await q.join();
    expect(q.exitCode).toBe(-9);
  });

  it('a process calling process.exit(n) has exitCode n', async () => {
    const p = new Process({ target: 'exit', args: [4], tasks: TASKS });
    p.start();
    await p.join();
    expect(p.exitCode).toBe(4);
  });

  it('a daemon process does not keep the parent alive and dies with it', async () => {
    const { stdout, status } = runProgram(`
      const p = new Process({ target: () => new Promise(() => setInterval(() => {}, 1000)), daemon: true });
      p.start();
      await new Promise((resolve) => setTimeout(resolve, 500));
      console.log(p.pid);
    `);
    expect(status).toBe(0);
    const pid = Number(stdout.trim());
    await waitFor(() => !isAlive(pid), 3000, 'the daemon to die with its parent');
  });

  it('a target that closes over outer variables throws ERR_FUNCTION_NOT_PORTABLE when constructed', () => {
    const greeting = 'hello';
    expect(() => new Process({ target: (name: string) => console.log(greeting, name), args: ['bob'] })).toThrow(
      expect.objectContaining({ code: 'ERR_FUNCTION_NOT_PORTABLE', identifier: 'greeting' }),
    );
  });

  it('starting twice throws, and join before start rejects', async () => {
    const p = new Process({ target: () => undefined });
    await expect(p.join()).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
    p.start();
    expect(() => p.start()).toThrow();
    await p.join();
  });
});
