import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { fixtureRepo } from './rig/fixture-repo.js';
import { headerPids, processGone, startFanout, threePackages } from './runner-fixtures.js';

const turboWithDev = { tasks: { build: { dependsOn: ['^build'] }, dev: { dependsOn: ['^build'], persistent: true, cache: false } } };

describe('fanout run with persistent tasks (turbo.json `persistent`)', () => {
  it('streams a dev server in grouped mode while it runs, after its builds, and stops it on SIGINT', async () => {
    const dev = 'echo $$ >> ../../pids.log; sleep 30 & echo $! >> ../../pids.log; echo listening on 3000; wait';
    await using repo = await fixtureRepo(threePackages({ app: { dev }, root: { 'turbo.json': turboWithDev } }));
    await using run = startFanout(repo.root, ['run', 'dev', '--concurrency', '2']);
    expect(await run.waitFor('listening on 3000')).toBe(true);
    const stdout = () => run.stdout();
    // Grouped (CI) output, yet the server's line is out while it runs, prefixed, after the builds it waits for.
    expect(stdout()).toMatch(/^@fx\/app#dev\s+│ listening on 3000$/m);
    expect(stdout().indexOf('── @fx/ui#build')).toBeGreaterThan(stdout().indexOf('── @fx/lib#build'));
    expect(stdout().indexOf('listening on 3000')).toBeGreaterThan(stdout().indexOf('── @fx/ui#build'));
    const pids = (await readFile(repo.path('pids.log'), 'utf8')).trim().split('\n').map(Number);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(130);
    expect(stdout()).toMatch(/── @fx\/app#dev · PoolWorker-\d+ · pid \d+ · ✗ .*killed by SIGINT/);
    for (const pid of [...pids, ...headerPids(stdout())]) expect(await processGone(pid), `pid ${pid}`).toBe(true);
  });

  it('refuses a concurrency the persistent tasks would fill, naming them, with exit 2 and nothing run', async () => {
    const dev = 'echo ran >> ../../ran.log; sleep 30';
    await using repo = await fixtureRepo(threePackages({ lib: { dev }, ui: { dev }, app: { dev }, root: { 'turbo.json': turboWithDev } }));
    const result = await repo.fanout(['run', 'dev', '--concurrency', '3']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'ERR_RUNNER_USAGE: Expected `concurrency` to be above the number of persistent tasks (3: @fx/app#dev, @fx/lib#dev, @fx/ui#dev), got `3` (3 slots)',
    );
    expect(result.stderr).toContain('use `--concurrency 4` or more');
    expect(await repo.read('ran.log').catch(() => 'nothing')).toBe('nothing');
  });

  it('rejects a task that depends on a persistent task, which would wait for ever', async () => {
    await using repo = await fixtureRepo(
      threePackages({
        app: { dev: 'sleep 30', e2e: 'echo e2e' },
        root: { 'turbo.json': { tasks: { dev: { persistent: true }, e2e: { dependsOn: ['dev'] } } } },
      }),
    );
    const result = await repo.fanout(['run', 'e2e']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ERR_RUNNER_CONFIG: `@fx/app#e2e` depends on `@fx/app#dev`, a persistent task, which never finishes');
    expect(result.stderr).toContain('Remove the entry naming `@fx/app#dev` from the `dependsOn` of `@fx/app#e2e`');
  });
});
