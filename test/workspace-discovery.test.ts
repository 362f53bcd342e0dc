import { describe, expect, it } from 'vitest';
import { fixtureRepo, type FixtureRepo } from './rig/fixture-repo.js';

async function plannedTasks(repo: FixtureRepo, scripts: string[], cwd?: string): Promise<string[]> {
  const result = await repo.fanout(['run', ...scripts, '--dry-run=json'], cwd === undefined ? {} : { cwd });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return (JSON.parse(result.stdout) as { tasks: Array<{ id: string }> }).tasks.map((task) => task.id).sort();
}

describe('workspace discovery through the CLI', () => {
  it('finds pnpm packages from globs with `!` exclusions, never running the root package’s own scripts', async () => {
    await using repo = await fixtureRepo({
      'package.json': { name: 'root', private: true, scripts: { build: 'fanout run build' } },
      'pnpm-workspace.yaml': 'packages:\n  - "packages/*"\n  - "!packages/old"\n',
      'packages/a/package.json': { name: 'a', scripts: { build: 'echo a' } },
      'packages/old/package.json': { name: 'old', scripts: { build: 'echo old' } },
      'packages/a/node_modules/dep/package.json': { name: 'dep', scripts: { build: 'echo dep' } },
    });
    expect(await plannedTasks(repo, ['build'])).toEqual(['a#build']);
  });

  it('finds the workspace root from a package directory below it', async () => {
    await using repo = await fixtureRepo({
      'package.json': { name: 'root', private: true },
      'pnpm-workspace.yaml': 'packages:\n  - "packages/*"\n',
      'packages/a/package.json': { name: 'a', scripts: { build: 'echo a' } },
      'packages/b/package.json': { name: 'b', scripts: { build: 'echo b' } },
    });
    expect(await plannedTasks(repo, ['build'], repo.path('packages/a'))).toEqual(['a#build', 'b#build']);
  });

  it('reads npm workspaces and orders by a matching version range', async () => {
    await using repo = await fixtureRepo({
      'package.json': { name: 'root', private: true, workspaces: { packages: ['libs/*', 'apps/*'] } },
      'libs/core/package.json': { name: 'core', version: '2.3.0', scripts: { build: 'echo core' } },
      'apps/web/package.json': { name: 'web', version: '1.0.0', dependencies: { core: '^2.0.0' }, scripts: { build: 'echo web' } },
    });
    const result = await repo.fanout(['run', 'build', '--dry-run=json']);
    const tasks = (JSON.parse(result.stdout) as { tasks: Array<{ id: string; dependencies: string[] }> }).tasks;
    expect(tasks.find((task) => task.id === 'web#build')?.dependencies).toEqual(['core#build']);
  });

  it('treats a lone package as the workspace', async () => {
    await using repo = await fixtureRepo({ 'package.json': { name: 'solo', scripts: { lint: 'echo lint', test: 'echo test' } } });
    expect(await plannedTasks(repo, ['lint', 'test'])).toEqual(['solo#lint', 'solo#test']);
  });
});
