import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { fanoutBin, fixtureRepo } from './rig/fixture-repo.js';
import { headerPids, processGone, threePackages } from './runner-fixtures.js';

describe('fanout run on SIGINT', () => {
  it('kills every running task tree, reports what finished and exits 130 with nothing left running', async () => {
    const script = (name: string) => `echo $$ >> ../../pids.log; sleep 30 & echo $! >> ../../pids.log; echo started ${name}; wait`;
    await using repo = await fixtureRepo(
      threePackages({ lib: { lint: script('lib') }, ui: { lint: script('ui') }, app: { lint: 'echo quick' } }),
    );
    const child = spawn(process.execPath, [fanoutBin, 'run', 'lint', '--no-cache', '--concurrency', '2'], {
      cwd: repo.root,
      env: { ...process.env, CI: 'true', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const killer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    try {
      // Both slow scripts are running (each wrote its own PID and its grandchild's).
      const deadline = Date.now() + 30_000;
      let pids: number[] = [];
      while (pids.length < 4 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        pids = (await readFile(repo.path('pids.log'), 'utf8').catch(() => '')).trim().split('\n').filter(Boolean).map(Number);
      }
      expect(pids).toHaveLength(4);
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      expect(stdout).toContain('Interrupted');
      expect(stdout).toMatch(/@fx\/(lib|ui)#lint · PoolWorker-\d+ · pid \d+ · ✗ .*killed by SIGINT/);
      for (const pid of [...pids, ...headerPids(stdout)]) expect(await processGone(pid), `pid ${pid}`).toBe(true);
    } finally {
      clearTimeout(killer);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
