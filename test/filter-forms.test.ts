import { describe, expect, it } from 'vitest';
import { fixtureRepo, type FixtureRepo, type RunResult } from './rig/fixture-repo.js';

// core ← utils ← ui ← app;  core ← server;  docs stands alone. Every package has a `build` that only echoes.
function workspace() {
  const pkg = (name: string, deps: string[] = []) => ({
    name,
    version: '1.0.0',
    scripts: { build: `echo build ${name}` },
    dependencies: Object.fromEntries(deps.map((dep) => [dep, 'workspace:*'])),
  });
  return {
    'package.json': { name: 'root', private: true },
    'pnpm-workspace.yaml': 'packages:\n  - "packages/*"\n',
    'packages/core/package.json': pkg('@acme/core'),
    'packages/utils/package.json': pkg('@acme/utils', ['@acme/core']),
    'packages/ui/package.json': pkg('@acme/ui', ['@acme/utils']),
    'packages/app/package.json': pkg('app', ['@acme/ui']),
    'packages/server/package.json': pkg('server', ['@acme/core']),
    'packages/docs/package.json': pkg('docs'),
  };
}

/** The packages `fanout run build --dry-run=json` with these filters would build (their builds, sorted). */
async function planned(repo: FixtureRepo, filters: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; extra?: string[] } = {}): Promise<string[]> {
  const args = ['run', 'build', '--dry-run=json', ...filters.flatMap((filter) => ['--filter', filter]), ...(options.extra ?? [])];
  const result = await repo.fanout(args, { ...(options.cwd === undefined ? {} : { cwd: options.cwd }), env: { FANOUT_BASE: '', ...options.env } });
  expect(result.stderr, result.stderr).not.toMatch(/error/);
  expect(result.code).toBe(0);
  const plan = JSON.parse(result.stdout) as { tasks: Array<{ packageName: string }> };
  return plan.tasks.map((task) => task.packageName).sort();
}

function expectUsageError(result: RunResult, code: string): void {
  expect(result.code).toBe(2);
  expect(result.stderr).toContain(`error ${code}:`);
}

describe('fanout run --filter', () => {
  it('selects by name, scope glob, and an unscoped name of a scoped package', async () => {
    await using repo = await fixtureRepo(workspace());
    expect(await planned(repo, ['docs'])).toEqual(['docs']);
    expect(await planned(repo, ['server', 'docs'])).toEqual(['@acme/core', 'docs', 'server']);
    expect(await planned(repo, ['ui'])).toEqual(['@acme/core', '@acme/ui', '@acme/utils']);
  });

  it('builds the dependencies of a selected package first even though they are not selected', async () => {
    await using repo = await fixtureRepo(workspace());
    const result = await repo.fanout(['run', 'build', '--dry-run=json', '--filter', 'app']);
    const plan = JSON.parse(result.stdout) as { tasks: Array<{ id: string; dependencies: string[] }> };
    expect(plan.tasks.map((task) => task.id)).toEqual(['@acme/core#build', '@acme/utils#build', '@acme/ui#build', 'app#build']);
  });

  it('selects dependents with `...pkg` and leaves the package itself out with `...^pkg`', async () => {
    await using repo = await fixtureRepo(workspace());
    expect(await planned(repo, ['...@acme/core', '!@acme/*'])).toEqual(['@acme/core', '@acme/ui', '@acme/utils', 'app', 'server']);
    expect(await planned(repo, ['...^@acme/utils', '!app'])).toEqual(['@acme/core', '@acme/ui', '@acme/utils']);
  });

  it('selects dependencies with `pkg...` and only the dependencies with `pkg^...`', async () => {
    await using repo = await fixtureRepo(workspace());
    expect(await planned(repo, ['server...'])).toEqual(['@acme/core', 'server']);
    expect(await planned(repo, ['@acme/ui^...', '!@acme/core'])).toEqual(['@acme/core', '@acme/utils']);
  });

  it('selects by directory relative to the working directory, with braces and globs', async () => {
    await using repo = await fixtureRepo(workspace());
    expect(await planned(repo, ['./packages/docs'])).toEqual(['docs']);
    expect(await planned(repo, ['./docs'], { cwd: repo.path('packages') })).toEqual(['docs']);
    expect(await planned(repo, ['{./packages/s*}'])).toEqual(['@acme/core', 'server']);
  });

  it('excludes with `!`, alone meaning everything else', async () => {
    await using repo = await fixtureRepo(workspace());
    expect(await planned(repo, ['!app', '!@acme/ui', '!server'])).toEqual(['@acme/core', '@acme/utils', 'docs']);
  });

  it('selects packages changed since a git ref, with dependents for `...[ref]`, including uncommitted files', async () => {
    await using repo = await fixtureRepo(workspace());
    await repo.gitInit();
    await repo.git('checkout', '-q', '-b', 'feature');
    await repo.write({ 'packages/utils/src/index.ts': 'export {};\n' });
    await repo.git('add', '-A');
    await repo.git('commit', '-q', '-m', 'change utils');
    await repo.write({ 'packages/docs/guide.md': '# new\n' });
    expect(await planned(repo, ['[main]', '!@acme/core'])).toEqual(['@acme/core', '@acme/utils', 'docs']);
    expect(await planned(repo, ['...[main]'])).toEqual(['@acme/core', '@acme/ui', '@acme/utils', 'app', 'docs']);
    expect(await planned(repo, ['...@acme/*[main]'])).toEqual(['@acme/core', '@acme/ui', '@acme/utils', 'app']);
  });

  it('--affected runs what changed against the default branch and its dependents', async () => {
    await using repo = await fixtureRepo(workspace());
    await repo.gitInit();
    await repo.git('checkout', '-q', '-b', 'feature');
    await repo.write({ 'packages/server/x.ts': '' });
    await repo.git('add', '-A');
    await repo.git('commit', '-q', '-m', 'server');
    expect(await planned(repo, [], { extra: ['--affected'] })).toEqual(['@acme/core', 'server']);
    await repo.git('tag', 'base');
    expect(await planned(repo, [], { extra: ['--affected'], env: { FANOUT_BASE: 'base' } })).toEqual([]);
  });

  it("--affected counts a change to one of turbo.json's globalDependencies as a change to every package", async () => {
    await using repo = await fixtureRepo({ ...workspace(), 'turbo.json': { globalDependencies: ['config/*.json'], tasks: { build: {} } }, 'config/shared.json': '{}' });
    await repo.gitInit();
    await repo.git('checkout', '-q', '-b', 'feature');
    await repo.write({ 'config/shared.json': '{ "strict": true }' });
    await repo.git('commit', '-qam', 'shared config');
    expect(await planned(repo, [], { extra: ['--affected=main'] })).toHaveLength(6);
    const result = await repo.fanout(['run', 'build', '--dry-run', '--affected=main']);
    expect(result.stderr).toContain('`config/shared.json` changed since `main` and is a global dependency (`globalDependencies`): every package counts as changed');
  });

  it('--affected with a base that does not exist runs everything and says so loudly', async () => {
    await using repo = await fixtureRepo(workspace());
    await repo.gitInit();
    expect(await planned(repo, [], { extra: ['--affected=origin/nope'] })).toHaveLength(6);
    const result = await repo.fanout(['run', 'build', '--no-cache', '--affected=origin/nope']);
    expect(result.code).toBe(0);
    expect(`${result.stdout}${result.stderr}`).toContain('running EVERY package instead');
    expect(result.stdout).toContain('6 total');
  });

  it('--changed-files-ignore-pattern leaves out changed files matching its globs, so a docs-only change runs nothing', async () => {
    await using repo = await fixtureRepo(workspace());
    await repo.gitInit();
    await repo.git('checkout', '-q', '-b', 'feature');
    await repo.write({ 'packages/server/README.md': '# server\n' });
    await repo.git('add', '-A');
    await repo.git('commit', '-q', '-m', 'server docs');
    const ignoreMd = ['--changed-files-ignore-pattern', '**/*.md'];
    expect(await planned(repo, ['...[main]'])).toEqual(['@acme/core', 'server']);
    expect(await planned(repo, ['...[main]'], { extra: ignoreMd })).toEqual([]);
    expect(await planned(repo, [], { extra: ['--affected=main', ...ignoreMd] })).toEqual([]);
    // As with any `[ref]` that selects nothing: no error, an empty run, exit 0.
    const result = await repo.fanout(['run', 'build', '--no-cache', '--filter', '...[main]', ...ignoreMd]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('0 total');

    // One commit touching a .md and a .ts file of the same package still selects it.
    await repo.git('checkout', '-q', '-b', 'code-and-docs', 'main');
    await repo.write({ 'packages/server/CHANGELOG.md': '# 1.0.1\n', 'packages/server/src/index.ts': 'export {};\n' });
    await repo.git('add', '-A');
    await repo.git('commit', '-q', '-m', 'server code and docs');
    expect(await planned(repo, ['...[main]'], { extra: ignoreMd })).toEqual(['@acme/core', 'server']);
  });

  it('an empty --changed-files-ignore-pattern exits 2 with ERR_RUNNER_USAGE', async () => {
    await using repo = await fixtureRepo(workspace());
    const result = await repo.fanout(['run', 'build', '--changed-files-ignore-pattern', '']);
    expectUsageError(result, 'ERR_RUNNER_USAGE');
    expect(result.stderr).toContain('--changed-files-ignore-pattern');
  });

  it('a filter that matches nothing exits 2 with ERR_RUNNER_NO_MATCH and close names', async () => {
    await using repo = await fixtureRepo(workspace());
    const result = await repo.fanout(['run', 'build', '--filter', '@acme/utlis']);
    expectUsageError(result, 'ERR_RUNNER_NO_MATCH');
    expect(result.stderr).toContain('@acme/utlis');
    expect(result.stderr).toContain('hint: Did you mean `@acme/utils`?');
  });

  it('invalid filter syntax exits 2 with ERR_RUNNER_FILTER', async () => {
    await using repo = await fixtureRepo(workspace());
    expectUsageError(await repo.fanout(['run', 'build', '--filter', 'app{packages']), 'ERR_RUNNER_FILTER');
  });

  it('an unknown git ref exits 2 with ERR_RUNNER_GIT', async () => {
    await using repo = await fixtureRepo(workspace());
    await repo.gitInit();
    expectUsageError(await repo.fanout(['run', 'build', '--filter', '[no-such-ref]']), 'ERR_RUNNER_GIT');
  });
});
