import { describe, expect, it } from 'vitest';
import { fixtureRepo, type FileContent, type FixtureRepo } from './rig/fixture-repo.js';

const scripts = (name: string) => ({ build: `echo build ${name}`, lint: `echo lint ${name}`, test: `echo test ${name}`, gen: `echo gen ${name}` });
const base: Record<string, FileContent> = {
  'package.json': { name: 'root', private: true },
  'pnpm-workspace.yaml': 'packages:\n  - "packages/*"\n',
  'packages/lib/package.json': { name: 'lib', version: '1.0.0', scripts: scripts('lib') },
  'packages/app/package.json': { name: 'app', version: '1.0.0', dependencies: { lib: 'workspace:*' }, scripts: scripts('app') },
};

type PlannedTask = { id: string; dependencies: string[]; args: string[] };

async function plan(repo: FixtureRepo, args: string[]): Promise<Record<string, PlannedTask>> {
  const result = await repo.fanout(['run', '--dry-run=json', ...args]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const tasks = (JSON.parse(result.stdout) as { tasks: PlannedTask[] }).tasks;
  return Object.fromEntries(tasks.map((task) => [task.id, task]));
}

const deps = (tasks: Record<string, PlannedTask>) => Object.fromEntries(Object.values(tasks).map((task) => [task.id, [...task.dependencies].sort()]));

describe('the task graph through the CLI', () => {
  it('without config: builds after dependency builds, test after its own build, lint free', async () => {
    await using repo = await fixtureRepo(base);
    expect(deps(await plan(repo, ['build', 'lint', 'test']))).toEqual({
      'lib#build': [],
      'lib#lint': [],
      'app#lint': [],
      'app#build': ['lib#build'],
      'lib#test': ['lib#build'],
      'app#test': ['app#build'],
    });
  });

  it('fanout.json dependsOn with ^task, task and pkg#task decides the order', async () => {
    await using repo = await fixtureRepo({
      ...base,
      'fanout.json': { tasks: { build: { dependsOn: ['gen', '^build'] }, lint: { dependsOn: ['lib#gen'] }, gen: {} } },
    });
    expect(deps(await plan(repo, ['build', 'lint']))).toEqual({
      'app#build': ['app#gen', 'lib#build'],
      'app#gen': [],
      'app#lint': ['lib#gen'],
      'lib#build': ['lib#gen'],
      'lib#gen': [],
      'lib#lint': ['lib#gen'],
    });
  });

  it('the root package.json "fanout" key works like fanout.json', async () => {
    await using repo = await fixtureRepo({ ...base, 'package.json': { name: 'root', private: true, fanout: { tasks: { lint: { dependsOn: ['^lint'] } } } } });
    expect(deps(await plan(repo, ['lint']))).toEqual({ 'lib#lint': [], 'app#lint': ['lib#lint'] });
  });

  it('a turbo.json pipeline is used when there is no fanout config', async () => {
    await using repo = await fixtureRepo({ ...base, 'turbo.json': { $schema: 'https://turborepo.com/schema.json', tasks: { test: { dependsOn: ['^test'], outputLogs: 'full' } } } });
    expect(deps(await plan(repo, ['test']))).toEqual({ 'lib#test': [], 'app#test': ['lib#test'] });
  });

  it("runs turbo's root tasks (//#task) in the root, before the tasks that depend on them", async () => {
    await using repo = await fixtureRepo({
      ...base,
      'package.json': {
        name: 'root',
        version: '0.0.1',
        private: true,
        scripts: { gen: 'echo "gen|$npm_package_name|$npm_package_version|$(pwd)" > generated.txt', lint: 'echo lint root', build: 'echo never' },
      },
      'turbo.json': { tasks: { build: { dependsOn: ['^build', '//#gen'] }, lint: {}, '//#gen': {}, '//#lint': {} } },
    });
    expect(deps(await plan(repo, ['build', 'lint']))).toEqual({
      '//#gen': [],
      '//#lint': [],
      'app#build': ['//#gen', 'lib#build'],
      'app#lint': [],
      'lib#build': ['//#gen'],
      'lib#lint': [],
    });
    // Filtered: the root's lint is not selected; its gen still runs for the build that needs it.
    expect(Object.keys(await plan(repo, ['build', 'lint', '--filter', 'lib'])).sort()).toEqual(['//#gen', 'lib#build', 'lib#lint']);
    // --affected narrows the selection like a filter, so the root's lint is left out, even when every package changed.
    await repo.gitInit();
    await repo.write({ 'packages/lib/changed.txt': 'x' });
    const ids = async (args: string[]) => {
      const result = await repo.fanout(['run', '--dry-run=json', 'build', 'lint', ...args]);
      expect(result.code).toBe(0);
      return (JSON.parse(result.stdout) as { tasks: PlannedTask[] }).tasks.map((task) => task.id).sort();
    };
    expect(await ids(['--affected=HEAD'])).toEqual(['//#gen', 'app#build', 'app#lint', 'lib#build', 'lib#lint']);
    // Unless it falls back to every package (a base that does not exist): then it runs as much as a plain run.
    expect(await ids(['--affected=no-such-ref'])).toEqual(['//#gen', '//#lint', 'app#build', 'app#lint', 'lib#build', 'lib#lint']);

    const result = await repo.fanout(['run', 'build', 'lint', '--no-cache']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/── \/\/#lint · PoolWorker-\d+ · pid \d+ · ✓/);
    expect(result.stdout).toContain('lint root\n');
    expect(result.stdout).not.toContain('never');
    expect(await repo.read('generated.txt')).toBe(`gen|root|0.0.1|${repo.root}\n`);
  });

  it('refuses a root task whose script runs fanout itself, naming the config file', async () => {
    await using repo = await fixtureRepo({
      ...base,
      'package.json': { name: 'root', private: true, scripts: { build: 'fanout run build' } },
      'turbo.json': { tasks: { build: { dependsOn: ['^build'] }, '//#build': {} } },
    });
    const result = await repo.fanout(['run', 'build', '--no-cache']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ERR_RUNNER_CONFIG');
    expect(result.stderr).toContain('Root task //#build runs `fanout run build`, which would start fanout again inside this run');
    expect(result.stderr).toContain('turbo.json');
  });

  it('arguments after -- go to the named scripts, not to the builds they wait for', async () => {
    await using repo = await fixtureRepo(base);
    const tasks = await plan(repo, ['test', '--', '--coverage']);
    expect(tasks['app#test']?.args).toEqual(['--coverage']);
    expect(tasks['app#build']?.args).toEqual([]);
  });

  it('--only runs the named scripts of the selected packages and nothing they depend on', async () => {
    await using repo = await fixtureRepo(base);
    const run = await repo.fanout(['run', 'test', '--only', '--no-cache']);
    expect(run.code).toBe(0);
    expect(run.stdout.match(/^── \S+/gm)?.sort()).toEqual(['── app#test', '── lib#test']);
    expect(run.stdout).toContain('test app');
    expect(run.stdout).not.toContain('build lib');
    expect(deps(await plan(repo, ['build', '--only', '--filter', 'app']))).toEqual({ 'app#build': [] });
    expect(deps(await plan(repo, ['build', 'test', '--only']))).toEqual({
      'lib#build': [],
      'app#build': ['lib#build'],
      'lib#test': ['lib#build'],
      'app#test': ['app#build'],
    });
  });

  it('--graph prints DOT and mermaid with an edge per dependency', async () => {
    await using repo = await fixtureRepo(base);
    const dot = await repo.fanout(['run', 'build', '--graph']);
    expect(dot.code).toBe(0);
    expect(dot.stdout).toContain('"lib#build" -> "app#build";');
    const mermaid = await repo.fanout(['run', 'build', '--graph=mermaid']);
    expect(mermaid.stdout).toBe('flowchart LR\n  t0["app#build"]\n  t1["lib#build"]\n  t1 --> t0\n');
  });

  it('--shard splits the targets across shards, each with the builds it needs', async () => {
    await using repo = await fixtureRepo(base);
    const shards = [await plan(repo, ['lint', 'test', '--shard', '1/2']), await plan(repo, ['lint', 'test', '--shard', '2/2'])];
    const all = new Set(shards.flatMap((shard) => Object.keys(shard)));
    expect([...all].sort()).toEqual(['app#build', 'app#lint', 'app#test', 'lib#build', 'lib#lint', 'lib#test']);
    for (const shard of shards) for (const task of Object.values(shard)) for (const dependency of task.dependencies) expect(shard[dependency]).toBeDefined();
    const targets = ['app#lint', 'app#test', 'lib#lint', 'lib#test'];
    for (const target of targets) expect(shards.filter((shard) => shard[target]).length).toBe(1);
  });
});
