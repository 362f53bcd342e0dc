import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { fixtureRepo } from './rig/fixture-repo.js';
import { headerPids, processGone, startFanout, threePackages } from './runner-fixtures.js';

describe('fanout run on SIGINT', () => {
  it('kills every running task tree, reports what finished and exits 130 with nothing left running', async () => {
    const script = (name: string) => `echo $$ >> ../../pids.log; sleep 30 & echo $! >> ../../pids.log; echo started ${name}; wait`;
    await using repo = await fixtureRepo(
      threePackages({ lib: { lint: script('lib') }, ui: { lint: script('ui') }, app: { lint: 'echo quick' } }),
    );
    await using run = startFanout(repo.root, ['run', 'lint', '--no-cache', '--concurrency', '2']);
    // Both slow scripts are running (each wrote its own PID and its grandchild's).
    const deadline = Date.now() + 30_000;
    let pids: number[] = [];
    while (pids.length < 4 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      pids = (await readFile(repo.path('pids.log'), 'utf8').catch(() => '')).trim().split('\n').filter(Boolean).map(Number);
    }
    expect(pids).toHaveLength(4);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(130);
    const stdout = run.stdout();
    expect(stdout).toContain('Interrupted');
    expect(stdout).toMatch(/@fx\/(lib|ui)#lint · PoolWorker-\d+ · pid \d+ · ✗ .*killed by SIGINT/);
    for (const pid of [...pids, ...headerPids(stdout)]) expect(await processGone(pid), `pid ${pid}`).toBe(true);
  });
});
