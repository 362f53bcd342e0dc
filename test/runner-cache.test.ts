import { describe, expect, it } from 'vitest';
import { fixtureRepo } from './rig/fixture-repo.js';
import { threePackages } from './runner-fixtures.js';

describe('fanout run with the task cache', () => {
  it('replays a second run from the cache, headed "cache hit, replayed", without running any script', async () => {
    await using repo = await fixtureRepo(threePackages({ root: { '.gitignore': 'node_modules\norder.log\n*.json.out\n' } }));
    await repo.gitInit();
    const first = await repo.fanout(['run', 'build', '--summary', 'first.json.out']);
    expect(first.code).toBe(0);
    const firstSummary = JSON.parse(await repo.read('first.json.out'));
    expect(firstSummary.cacheStats.entriesWritten).toBe(3);
    expect(firstSummary.tasks.map((task: { cache: string }) => task.cache)).toEqual(['miss', 'miss', 'miss']);

    const second = await repo.fanout(['run', 'build', '--summary', 'second.json.out']);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^── @fx\/lib#build · cache hit, replayed · ✓ \d+\.\d\ds\nbuilt lib$/m);
    expect((await repo.read('order.log')).trim().split('\n')).toHaveLength(3);
    const secondSummary = JSON.parse(await repo.read('second.json.out'));
    expect(secondSummary.counts).toMatchObject({ total: 3, cached: 3 });
    expect(secondSummary.workers).toEqual([]);
    const quiet = await repo.fanout(['run', 'build', '--output', 'new-only']);
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).toMatch(/^── @fx\/lib#build · cache hit · ✓ \d+\.\d\ds\n── /m);
    expect(quiet.stdout).not.toContain('built lib');

    const forced = await repo.fanout(['run', 'build', '--force', '--filter', '@fx/lib']);
    expect(forced.code).toBe(0);
    expect((await repo.read('order.log')).trim().split('\n')).toHaveLength(4);
  });

  it('stores a flaky task with its passing attempt\'s output only, which is what a hit replays', async () => {
    await using repo = await fixtureRepo(
      threePackages({
        lib: { test: 'if [ -f ../../tried.out ]; then echo passed; else touch ../../tried.out; echo first try fails; exit 1; fi' },
        root: { 'fanout.json': { tasks: { test: { retries: 1 } } }, '.gitignore': 'node_modules\n*.out\n' },
      }),
    );
    await repo.gitInit();
    const logOf = async (summaryFile: string) => {
      const task = JSON.parse(await repo.read(summaryFile)).tasks[0];
      return { task, log: await repo.read(task.logFile.slice(repo.root.length + 1)) };
    };
    const first = await repo.fanout(['run', 'test', '--filter', '@fx/lib', '--summary', 'first.out']);
    expect(first.code).toBe(0);
    const ran = await logOf('first.out');
    expect(ran.task).toMatchObject({ flaky: true, attempts: 2, cache: 'miss' });
    // The run's own log keeps every attempt.
    expect(ran.log).toBe('first try fails\n── attempt 2 of 2 ──\npassed\n');

    const second = await repo.fanout(['run', 'test', '--filter', '@fx/lib', '--summary', 'second.out']);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^── @fx\/lib#test · cache hit, replayed · ✓ [^\n]*\npassed\n/m);
    expect(second.stdout).not.toContain('first try fails');
    const replayed = await logOf('second.out');
    expect(replayed.task.cache).toBe('hit');
    expect(replayed.log).toBe('passed\n');
  });

  it('fingerprints what --only leaves out as a whole run would: hits its entries, misses a change below, stores nothing', async () => {
    await using repo = await fixtureRepo(threePackages({ root: { '.gitignore': 'node_modules\norder.log\n*.out\n', 'packages/lib/src.txt': 'one' } }));
    await repo.gitInit();
    const testsRun = async (args: string[]) => {
      await repo.write({ 'order.log': '' });
      const result = await repo.fanout(['run', ...args, '--summary', 'summary.out']);
      expect(result.code).toBe(0);
      const summary = JSON.parse(await repo.read('summary.out')) as { tasks: Array<{ id: string; cache: string }> };
      return { ran: (await repo.read('order.log')).trim().split('\n').filter(Boolean).sort(), cache: summary.tasks.map((task) => task.cache) };
    };
    const allTests = ['app:test', 'lib:test', 'ui:test'];
    // A whole run stores every build and test; --only then finds the tests' entries, its builds fingerprinted unrun.
    expect((await testsRun(['build', 'test'])).ran).toHaveLength(6);
    expect(await testsRun(['test', '--only'])).toEqual({ ran: [], cache: ['hit', 'hit', 'hit'] });
    // lib's change reaches every test through the left-out builds (ui and app build on lib): all miss and run.
    await repo.write({ 'packages/lib/src.txt': 'two' });
    expect(await testsRun(['test', '--only'])).toEqual({ ran: allTests, cache: ['miss', 'miss', 'miss'] });
    // Those runs tested whatever builds were on disk, so nothing was stored: they run again, and so does a whole run.
    expect((await testsRun(['test', '--only'])).ran).toEqual(allTests);
    expect((await testsRun(['build', 'test'])).ran).toEqual(['lib:build', 'lib:test', 'ui:build', 'ui:test', 'app:build', 'app:test'].sort());
    expect(await testsRun(['test', '--only'])).toEqual({ ran: [], cache: ['hit', 'hit', 'hit'] });
  });

  it("misses every task when one of turbo.json's globalDependencies or a globalEnv variable changes, and says which", async () => {
    await using repo = await fixtureRepo(
      threePackages({
        root: {
          '.gitignore': 'node_modules\norder.log\n*.out\n.env\n',
          'turbo.json': { globalDependencies: ['tsconfig.base.json', '.env'], globalEnv: ['STAGE'], tasks: { build: { dependsOn: ['^build'] } } },
          'tsconfig.base.json': '{}',
          '.env': 'A=1',
          'README.md': 'one',
        },
      }),
    );
    await repo.gitInit();
    const builds = async (env: NodeJS.ProcessEnv = {}) => {
      await repo.write({ 'order.log': '' });
      const result = await repo.fanout(['run', 'build', '--summary', 'summary.out'], { env: { STAGE: 'dev', ...env } });
      expect(result.code).toBe(0);
      const summary = JSON.parse(await repo.read('summary.out')) as { tasks: Array<{ id: string; cacheMissReasons?: string[] }> };
      const ran = (await repo.read('order.log')).trim().split('\n').filter(Boolean).length;
      return { ran, libReasons: summary.tasks.find((task) => task.id === '@fx/lib#build')?.cacheMissReasons };
    };
    expect((await builds()).ran).toBe(3);
    await repo.write({ 'README.md': 'two' });
    expect((await builds()).ran).toBe(0);
    await repo.write({ 'tsconfig.base.json': '{ "compilerOptions": { "strict": true } }' });
    expect(await builds()).toEqual({ ran: 3, libReasons: ['global dependency changed: tsconfig.base.json'] });
    // .env is git-ignored, and a global dependency all the same.
    await repo.write({ '.env': 'A=2' });
    expect(await builds()).toEqual({ ran: 3, libReasons: ['global dependency changed: .env'] });
    expect(await builds({ STAGE: 'prod' })).toEqual({ ran: 3, libReasons: ['env changed: STAGE'] });
    expect((await builds({ STAGE: 'prod' })).ran).toBe(0);
  });

  it("restores the outputs a package's own turbo.json declares, on top of the root turbo.json's", async () => {
    await using repo = await fixtureRepo(
      threePackages({
        app: { build: 'mkdir -p out && echo page > out/index.html && echo app:build >> ../../order.log' },
        root: {
          '.gitignore': 'node_modules\norder.log\nout\n',
          'turbo.json': { tasks: { build: { dependsOn: ['^build'], outputs: ['dist/**'] } } },
          'packages/app/turbo.json': { extends: ['//'], tasks: { build: { outputs: ['out/**'] } } },
        },
      }),
    );
    await repo.gitInit();
    expect((await repo.fanout(['run', 'build', '--filter', '@fx/app'])).code).toBe(0);
    await repo.exec('rm', ['-rf', 'packages/app/out']);
    const second = await repo.fanout(['run', 'build', '--filter', '@fx/app']);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^── @fx\/app#build · cache hit, replayed/m);
    expect(await repo.read('packages/app/out/index.html')).toBe('page\n');
  });

  it("caches a root task (//#task) on the root's own files: a change inside a package does not invalidate it", async () => {
    await using repo = await fixtureRepo({
      '.gitignore': 'node_modules\n*.out\n',
      'package.json': { name: 'root', private: true, scripts: { gen: 'echo gen >> gen.out' } },
      'pnpm-workspace.yaml': 'packages:\n  - "packages/*"\n',
      'turbo.json': { tasks: { build: { dependsOn: ['//#gen'] }, '//#gen': {} } },
      'root-input.txt': 'one',
      'packages/lib/package.json': { name: 'lib', version: '1.0.0', scripts: { build: 'echo built lib' } },
      'packages/lib/src.txt': 'one',
    });
    await repo.gitInit();
    const runs = async () => {
      const result = await repo.fanout(['run', 'build', 'gen']);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      return (await repo.read('gen.out')).trim().split('\n').length;
    };
    expect(await runs()).toBe(1);
    await repo.write({ 'packages/lib/src.txt': 'two' });
    expect(await runs()).toBe(1);
    await repo.write({ 'root-input.txt': 'two' });
    expect(await runs()).toBe(2);
  });
});
