import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '@fanout/runner';
import { fixtureRepo, type FixtureRepo } from './rig/fixture-repo.js';

/** One package whose build appends to `invocations.log` and writes `dist/out.txt`. */
function workspace() {
  return {
    'package.json': { name: 'integrity-fixture', private: true },
    'pnpm-workspace.yaml': 'packages:\n  - "packages/*"\n',
    '.gitignore': 'node_modules\ndist\n*.log\n*.json.out\n',
    'fanout.json': { tasks: { build: { outputs: ['dist/**'] } } },
    'packages/lib/package.json': {
      name: '@fx/lib',
      version: '1.0.0',
      scripts: { build: 'echo lib:build >> ../../invocations.log && mkdir -p dist && echo built > dist/out.txt && sleep 0.3' },
    },
    'packages/lib/src/a.txt': 'a\n',
  };
}

const entriesDir = (repo: FixtureRepo) => repo.path('node_modules/.cache/fanout/tasks-v1/entries');

async function invocationCount(repo: FixtureRepo): Promise<number> {
  return (await repo.read('invocations.log').catch(() => '')).split('\n').filter(Boolean).length;
}

describe('task cache integrity through `fanout run`', () => {
  it('refuses a zip-slip entry, reports it, runs the task and writes nothing outside the package', async () => {
    await using repo = await fixtureRepo(workspace());
    await repo.gitInit();
    expect((await repo.fanout(['run', 'build'])).code).toBe(0);
    const [entry] = await readdir(entriesDir(repo));
    const manifestFile = path.join(entriesDir(repo), entry!, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as { outputs: unknown[] };
    manifest.outputs.push({ path: '../../escaped.txt', type: 'file', size: 0, mode: 420, sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' });
    await writeFile(manifestFile, JSON.stringify(manifest));

    const result = await repo.fanout(['run', 'build', '--summary', 'summary.json.out']);
    expect(result.code).toBe(0);
    expect(`${result.stdout}${result.stderr}`).toContain('ERR_RUNNER_CACHE');
    expect(`${result.stdout}${result.stderr}`).toContain('../../escaped.txt');
    expect(await invocationCount(repo)).toBe(2);
    expect(await stat(repo.path('escaped.txt')).catch(() => undefined)).toBeUndefined();
    const summary = JSON.parse(await repo.read('summary.json.out')) as RunSummary;
    expect(summary.tasks[0]?.cache).toBe('miss');
  });

  it('two fanout processes storing the same entries at once leave one whole entry, which the next run hits', async () => {
    await using repo = await fixtureRepo(workspace());
    await repo.gitInit();
    const [first, second] = await Promise.all([repo.fanout(['run', 'build']), repo.fanout(['run', 'build'])]);
    expect(first?.code).toBe(0);
    expect(second?.code).toBe(0);
    expect(await readdir(entriesDir(repo))).toHaveLength(1);
    expect(await readdir(repo.path('node_modules/.cache/fanout/tasks-v1/tmp'))).toEqual([]);
    const before = await invocationCount(repo);
    const third = await repo.fanout(['run', 'build', '--summary', 'summary.json.out']);
    expect(third.code).toBe(0);
    expect(await invocationCount(repo)).toBe(before);
    expect((JSON.parse(await repo.read('summary.json.out')) as RunSummary).tasks[0]?.cache).toBe('hit');
    expect(`${third.stdout}${third.stderr}`).not.toContain('ERR_RUNNER_CACHE');
  });
});
