import { readdir, readFile, rm, stat, truncate } from 'node:fs/promises';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '@fanout/runner';
import { fixtureRepo, type FixtureRepo } from './rig/fixture-repo.js';

/**
 * app → ui → lib. Every script appends `<pkg>:<script>` to `invocations.log` at the root (so a spawned task is
 * counted), and build writes `dist/` (a text file, an executable, a binary) from the package's `src/`.
 */
function workspace() {
  const scripts = (name: string) => ({
    build:
      `echo ${name}:build >> ../../invocations.log && mkdir -p dist && cat src/*.txt > dist/out.txt && ` +
      `printf '#!/bin/sh\\necho ${name}\\n' > dist/run.sh && chmod 755 dist/run.sh && printf '\\000\\001\\377' > dist/data.bin && echo built ${name} mode=$BUILD_MODE`,
    test: `echo ${name}:test >> ../../invocations.log && echo tested ${name}`,
    lint: `echo ${name}:lint >> ../../invocations.log && echo linted ${name}`,
  });
  return {
    'package.json': { name: 'cache-fixture', private: true },
    'pnpm-workspace.yaml': 'packages:\n  - "packages/*"\n',
    '.gitignore': 'node_modules\ndist\n*.log\nsummary*.json\n',
    'fanout.json': {
      tasks: {
        build: { dependsOn: ['^build'], outputs: ['dist/**'], env: ['BUILD_MODE'] },
        test: { dependsOn: ['build'] },
        lint: {},
      },
    },
    'packages/lib/package.json': { name: '@fx/lib', version: '1.0.0', scripts: scripts('lib') },
    'packages/lib/src/a.txt': 'lib a\n',
    'packages/ui/package.json': { name: '@fx/ui', version: '1.0.0', dependencies: { '@fx/lib': 'workspace:*' }, scripts: scripts('ui') },
    'packages/ui/src/a.txt': 'ui a\n',
    'packages/app/package.json': { name: '@fx/app', version: '1.0.0', dependencies: { '@fx/ui': 'workspace:*' }, scripts: scripts('app') },
    'packages/app/src/a.txt': 'app a\n',
  };
}

async function invocations(repo: FixtureRepo): Promise<string[]> {
  const text = await repo.read('invocations.log').catch(() => '');
  await repo.write({ 'invocations.log': '' });
  return text.split('\n').filter(Boolean).sort();
}

async function runAll(repo: FixtureRepo, summary: string, env: NodeJS.ProcessEnv = {}) {
  const result = await repo.fanout(['run', 'build', 'test', 'lint', '--summary', summary], { env: { BUILD_MODE: 'dev', ...env } });
  expect(result.code, result.stderr + result.stdout).toBe(0);
  return { ...result, summary: JSON.parse(await repo.read(summary)) as RunSummary };
}

const ALL = ['app:build', 'app:lint', 'app:test', 'lib:build', 'lib:lint', 'lib:test', 'ui:build', 'ui:lint', 'ui:test'];

describe('task cache through `fanout run`', () => {
  it('replays a second run entirely from the cache, spawning nothing', async () => {
    await using repo = await fixtureRepo(workspace());
    await repo.gitInit();
    const cold = await runAll(repo, 'summary1.json');
    expect(await invocations(repo)).toEqual(ALL);
    expect(cold.summary.tasks.every((task) => task.cache === 'miss')).toBe(true);
    expect(cold.summary.cacheStats?.entriesWritten).toBe(9);

    const warm = await runAll(repo, 'summary2.json');
    expect(await invocations(repo)).toEqual([]);
    expect(warm.summary.tasks.map((task) => task.cache)).toEqual(Array(9).fill('hit'));
    expect(warm.summary.tasks.every((task) => task.pid === null)).toBe(true);
    expect(warm.summary.cacheStats?.entriesWritten).toBe(0);
    // The captured log is replayed.
    expect(warm.stdout).toContain('built lib mode=dev');
  });

  it('a fully cached run started from a package folder asks git for one listing, of the workspace root', async () => {
    await using repo = await fixtureRepo(workspace());
    await repo.gitInit();
    await runAll(repo, 'summary1.json');
    await invocations(repo);
    const trace = path.join(repo.root, 'git-trace.txt');
    const warm = await repo.fanout(['run', 'build', 'test', 'lint', '--summary', '../../summary2.json'], {
      cwd: repo.path('packages/ui'),
      env: { BUILD_MODE: 'dev', GIT_TRACE: trace },
    });
    expect(warm.code, warm.stderr).toBe(0);
    expect(await invocations(repo)).toEqual([]);
    const summary = JSON.parse(await repo.read('summary2.json')) as RunSummary;
    expect(summary.tasks.map((task) => task.cache)).toEqual(Array(9).fill('hit'));
    // One listing of the workspace root (not of packages/ui), whatever else git may be asked (an index refresh).
    const commands = (await readFile(trace, 'utf8')).split('\n').filter((line) => line.includes('built-in: git ')).map((line) => line.slice(line.indexOf('built-in: git ') + 14));
    expect(commands.filter((command) => !command.startsWith('update-index'))).toEqual([expect.stringMatching(/^ls-files -z -s -t -c -m -d -o --exclude-standard -- \. /)]);
  });

  it('a fully cached run links each replayed log into the run’s logs and leaves the duration history as it was', async () => {
    await using repo = await fixtureRepo(workspace());
    await repo.gitInit();
    await runAll(repo, 'summary1.json');
    const history = path.join(repo.root, 'node_modules/.cache/fanout/durations.json');
    const before = await stat(history);

    const warm = await runAll(repo, 'summary2.json');
    expect(warm.summary.counts.cached).toBe(9);
    const lib = warm.summary.tasks.find((task) => task.id === '@fx/lib#build')!;
    expect(lib.logFile).toContain(`node_modules/.cache/fanout/logs/${warm.summary.runId}/`);
    expect(await readFile(lib.logFile!, 'utf8')).toBe('built lib mode=dev\n');
    expect(lib.logTail).toEqual(['built lib mode=dev']);
    // A second name for the entry's own log.txt, not a copy: one link per task instead of a new file.
    expect((await stat(lib.logFile!)).nlink).toBe(2);
    // Nothing ran, so nothing was measured: the history file is not rewritten.
    const after = await stat(history);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  });

  it('works outside git too, where every package file is an input', async () => {
    await using repo = await fixtureRepo(workspace());
    await runAll(repo, 'summary1.json');
    await invocations(repo);
    // Without git nothing says dist/ is ignored: lint, which ran before build made it, sees new files once.
    const second = await runAll(repo, 'summary2.json');
    expect(await invocations(repo)).toEqual(['app:lint', 'lib:lint', 'ui:lint']);
    expect(second.summary.tasks.find((task) => task.id === '@fx/lib#lint')?.cacheMissReasons).toContain('file added: dist/out.txt');
    const warm = await runAll(repo, 'summary3.json');
    expect(await invocations(repo)).toEqual([]);
    expect(warm.summary.counts.cached).toBe(9);
    await repo.write({ 'packages/app/src/a.txt': 'app a, edited\n' });
    await runAll(repo, 'summary4.json');
    expect(await invocations(repo)).toEqual(['app:build', 'app:lint', 'app:test']);
  });

  it('restores outputs byte-identical with their modes', async () => {
    await using repo = await fixtureRepo(workspace());
    await repo.gitInit();
    await runAll(repo, 'summary1.json');
    const files = ['out.txt', 'run.sh', 'data.bin'].map((name) => repo.path('packages/ui/dist', name));
    const before = await Promise.all(files.map(async (file) => ({ bytes: await readFile(file), mode: (await stat(file)).mode & 0o777 })));
    await repo.exec('rm', ['-rf', repo.path('packages/ui/dist')]);
    await runAll(repo, 'summary2.json');
    const after = await Promise.all(files.map(async (file) => ({ bytes: await readFile(file), mode: (await stat(file)).mode & 0o777 })));
    expect(after).toEqual(before);
    expect(after[1]?.mode).toBe(0o755);
  });

  it('reruns only the edited leaf package and its dependents, and names the changed file', async () => {
    await using repo = await fixtureRepo(workspace());
    await repo.gitInit();
    await runAll(repo, 'summary1.json');
    await invocations(repo);
    await repo.write({ 'packages/ui/src/a.txt': 'ui a, edited\n' });
    const { summary } = await runAll(repo, 'summary2.json');
    // ui's own tasks run because its files changed; app#build because ui#build's fingerprint did, and app#test after it.
    expect(await invocations(repo)).toEqual(['app:build', 'app:test', 'ui:build', 'ui:lint', 'ui:test']);
    const reasons = Object.fromEntries(summary.tasks.map((task) => [task.id, task.cacheMissReasons ?? []]));
    expect(reasons['@fx/ui#build']).toContain('file changed: src/a.txt');
    expect(reasons['@fx/app#build']).toContain('dependency changed: @fx/ui#build');
    expect(summary.tasks.find((task) => task.id === '@fx/lib#build')?.cache).toBe('hit');
  });

  it('reruns on a change of a declared env var, not of an undeclared one', async () => {
    await using repo = await fixtureRepo(workspace());
    await repo.gitInit();
    await runAll(repo, 'summary1.json');
    await invocations(repo);
    await runAll(repo, 'summary2.json', { UNRELATED: 'changed' });
    expect(await invocations(repo)).toEqual([]);
    const { summary } = await runAll(repo, 'summary3.json', { BUILD_MODE: 'prod' });
    expect(await invocations(repo)).toEqual(['app:build', 'app:test', 'lib:build', 'lib:test', 'ui:build', 'ui:test']);
    expect(summary.tasks.find((task) => task.id === '@fx/lib#build')?.cacheMissReasons).toEqual(['env changed: BUILD_MODE']);
    // The stored inputs keep a hash per variable, never the value (the task's own log may print it; that's its business).
    const store = repo.path('node_modules/.cache/fanout/tasks-v1');
    const listing = await repo.exec('grep', ['-rl', '--exclude=log.txt', 'prod', store]);
    expect(listing.stdout).toBe('');
  });

  it('treats a corrupted entry as a miss with a warning when its outputs must be restored, and runs the task', async () => {
    await using repo = await fixtureRepo(workspace());
    await repo.gitInit();
    await runAll(repo, 'summary1.json');
    await invocations(repo);
    const entries = repo.path('node_modules/.cache/fanout/tasks-v1/entries');
    let corrupted = 0;
    for (const entry of await readdir(entries)) {
      const manifest = JSON.parse(await readFile(path.join(entries, entry, 'manifest.json'), 'utf8')) as { taskId: string };
      if (manifest.taskId === '@fx/lib#build') {
        await truncate(path.join(entries, entry, 'outputs/dist/out.txt'), 1);
        corrupted++;
      }
    }
    expect(corrupted).toBe(1);
    // As on a fresh checkout: the outputs must come from the entry (outputs still in place are not read from it).
    await rm(repo.path('packages/lib/dist'), { recursive: true });
    const { stdout, stderr, summary } = await runAll(repo, 'summary2.json');
    expect(await invocations(repo)).toEqual(['lib:build']);
    expect(`${stdout}${stderr}`).toContain('ERR_RUNNER_CACHE');
    expect(summary.tasks.find((task) => task.id === '@fx/lib#build')?.cache).toBe('miss');
    expect(await repo.read('packages/lib/dist/out.txt')).toBe('lib a\n');
  });

  it('with --force runs everything and stores it; with --no-cache neither reads nor writes', async () => {
    await using repo = await fixtureRepo(workspace());
    await repo.gitInit();
    await runAll(repo, 'summary1.json');
    await invocations(repo);
    const forced = await repo.fanout(['run', 'build', '--force', '--summary', 'forced.json']);
    expect(forced.code).toBe(0);
    expect(await invocations(repo)).toEqual(['app:build', 'lib:build', 'ui:build']);
    const off = await repo.fanout(['run', 'build', '--no-cache', '--summary', 'off.json']);
    expect(off.code).toBe(0);
    expect(await invocations(repo)).toEqual(['app:build', 'lib:build', 'ui:build']);
    expect((JSON.parse(await repo.read('off.json')) as RunSummary).cacheStats).toBeNull();
  });

  it('`fanout cache status`, `prune` and `clean` work on the run’s store', async () => {
    await using repo = await fixtureRepo(workspace());
    await repo.gitInit();
    await runAll(repo, 'summary1.json');
    const status = await repo.fanout(['cache', 'status']);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/Entries: +9 /);
    expect((await repo.fanout(['cache', 'prune', '--max-size', 'huge'])).code).toBe(2);
    const clean = await repo.fanout(['cache', 'clean']);
    expect(clean.stdout).toContain('Removed 9 entries');
    await invocations(repo);
    await runAll(repo, 'summary2.json');
    expect(await invocations(repo)).toEqual(ALL);
  });
});

