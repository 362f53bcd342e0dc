import { describe, expect, it } from 'vitest';
import { fixtureRepo } from './rig/fixture-repo.js';
import { threePackages } from './runner-fixtures.js';

describe('fanout run', () => {
  it('discovers the packages and runs lint, test and build in each, dependencies first', async () => {
    await using repo = await fixtureRepo(threePackages());
    const result = await repo.fanout(['run', 'lint', 'test', 'build', '--no-cache', '--concurrency', '2']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const order = (await repo.read('order.log')).trim().split('\n');
    expect(order.sort()).toEqual(
      ['app:build', 'app:lint', 'app:test', 'lib:build', 'lib:lint', 'lib:test', 'ui:build', 'ui:lint', 'ui:test'].sort(),
    );
    const ran = (await repo.read('order.log')).trim().split('\n');
    const before = (a: string, b: string) => expect(ran.indexOf(a), `${a} before ${b}`).toBeLessThan(ran.indexOf(b));
    before('lib:build', 'ui:build');
    before('ui:build', 'app:build');
    for (const name of ['lib', 'ui', 'app']) before(`${name}:build`, `${name}:test`);
    expect(result.stdout).toMatch(/Tasks {5}9 total · 9 succeeded/);
  });

  it('starts the task with the longest measured critical path first, using the durations of earlier runs', async () => {
    const at = Date.now();
    await using repo = await fixtureRepo(
      threePackages({
        root: {
          'node_modules/.cache/fanout/durations.json': {
            version: 1,
            tasks: {
              '@fx/app#lint': { ms: 5000, at },
              '@fx/lib#lint': { ms: 100, at },
              '@fx/lib#build': { ms: 3000, at },
              '@fx/ui#build': { ms: 3000, at },
              '@fx/app#build': { ms: 3000, at },
            },
          },
        },
      }),
    );
    // ui#lint was never measured: it is estimated as the median of the other lint tasks (2.55 s).
    const expected = ['@fx/lib#build', '@fx/ui#build', '@fx/app#lint', '@fx/app#build', '@fx/ui#lint', '@fx/lib#lint'];
    const plan = await repo.fanout(['run', 'lint', 'build', '--concurrency', '1', '--dry-run=json']);
    expect(JSON.parse(plan.stdout).tasks.map((task: { id: string }) => task.id)).toEqual(expected);
    const result = await repo.fanout(['run', 'lint', 'build', '--no-cache', '--concurrency', '1']);
    expect(result.code).toBe(0);
    const order = (await repo.read('order.log')).trim().split('\n');
    expect(order).toEqual(expected.map((id) => id.replace('@fx/', '').replace('#', ':')));
  });

  it('heads each task block with its id, pool worker and pid', async () => {
    await using repo = await fixtureRepo(threePackages());
    const result = await repo.fanout(['run', 'build', '--no-cache']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^── @fx\/lib#build · PoolWorker-\d+ · pid \d+ · ✓ \d+\.\d\ds\nbuilt lib$/m);
    expect(result.stdout).toMatch(/^── @fx\/app#build · PoolWorker-\d+ · pid \d+ · ✓ \d+\.\d\ds\nbuilt app$/m);
  });

  it('appends the arguments after -- to every script, each as one word', async () => {
    await using repo = await fixtureRepo(threePackages({ lib: { check: 'printf "[%s]\\n"' } }));
    const result = await repo.fanout(['run', 'check', '--no-cache', '--', '--flag', 'two words', "it's"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('[--flag]\n[two words]\n[it\'s]\n');
  });

  it('gives scripts the npm environment variables', async () => {
    await using repo = await fixtureRepo(
      threePackages({ ui: { env: 'echo "env|$npm_lifecycle_event|$npm_package_name|$npm_package_version|$INIT_CWD|$(basename "$npm_package_json")"' } }),
    );
    const result = await repo.fanout(['run', 'env', '--no-cache']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`env|env|@fx/ui|2.0.0|${repo.root}|package.json\n`);
  });

  it('streams lines prefixed with the task id in stream mode', async () => {
    await using repo = await fixtureRepo(threePackages());
    const result = await repo.fanout(['run', 'build', '--no-cache', '--output', 'stream']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^@fx\/lib#build\s*│ built lib$/m);
    expect(result.stdout).toMatch(/^── @fx\/lib#build · PoolWorker-\d+ · pid \d+ · ✓/m);
  });

  it('prints no successful task output in errors-only mode', async () => {
    await using repo = await fixtureRepo(threePackages());
    const result = await repo.fanout(['run', 'build', '--no-cache', '--output', 'errors-only']);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('built lib');
    expect(result.stdout).toContain('3 succeeded');
  });

  it('exits 2 with the error code and a hint on a usage error', async () => {
    await using repo = await fixtureRepo(threePackages());
    const missing = await repo.fanout(['run']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error ERR_RUNNER_USAGE: /);
    expect(missing.stderr).toContain('hint: ');
    const zero = await repo.fanout(['run', 'build', '--concurrency', '0']);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('error ERR_RUNNER_USAGE: Expected `concurrency`');
    const unknown = await repo.fanout(['run', 'build', '--frobnicate']);
    expect(unknown.code).toBe(2);
  });

  it('prints help and version', async () => {
    await using repo = await fixtureRepo(threePackages());
    const help = await repo.fanout(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('fanout run <scripts…>');
    const version = await repo.fanout(['--version']);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
