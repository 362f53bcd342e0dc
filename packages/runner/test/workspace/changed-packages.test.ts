import { describe, expect, test } from 'vitest';
import { RunnerError } from '../../src/errors.js';
import { discoverWorkspace } from '../../src/workspace/discover-workspace.js';
import { selectPackages } from '../../src/workspace/filter/select-packages.js';
import { pkg, pnpmWorkspace, tempWorkspace, type TempWorkspace } from './temp-workspace.js';

// lib ← ui ← app; tool stands alone. `main` is committed; a `feature` branch then changes ui.
async function repoWithFeatureBranch(): Promise<TempWorkspace> {
  const ws = await tempWorkspace(
    pnpmWorkspace({ lib: pkg('lib'), ui: pkg('ui', ['lib']), app: pkg('app', ['ui']), tool: pkg('tool') }, { 'README.md': 'hi\n' }),
  );
  await ws.gitInit();
  await ws.git('checkout', '-q', '-b', 'feature');
  await ws.write({ 'packages/ui/src/button.ts': 'export {};\n' });
  await ws.git('add', '-A');
  await ws.git('commit', '-q', '-m', 'ui change');
  return ws;
}

async function select(
  ws: TempWorkspace,
  filters: string[],
  options: { affected?: boolean | string; env?: NodeJS.ProcessEnv; ignore?: string[]; globalDependencies?: string[] } = {},
) {
  const workspace = await discoverWorkspace(ws.root);
  const selection = await selectPackages(workspace, filters, {
    cwd: ws.root,
    env: { ...process.env, FANOUT_BASE: '', ...options.env },
    ...(options.affected === undefined ? {} : { affected: options.affected }),
    ...(options.ignore === undefined ? {} : { changedFilesIgnorePattern: options.ignore }),
    ...(options.globalDependencies === undefined ? {} : { globalDependencies: options.globalDependencies }),
  });
  return { names: selection.packages.map((p) => p.name).sort(), warnings: selection.warnings };
}

/** Whether the selection counts as the whole workspace (what decides if turbo's root tasks run). */
async function wholeWorkspace(ws: TempWorkspace, filters: string[], options: { affected?: boolean | string; env?: NodeJS.ProcessEnv } = {}) {
  const workspace = await discoverWorkspace(ws.root);
  const env = { ...process.env, FANOUT_BASE: '', ...options.env };
  const selection = await selectPackages(workspace, filters, { cwd: ws.root, env, ...(options.affected === undefined ? {} : { affected: options.affected }) });
  return selection.wholeWorkspace;
}

describe('git filters', () => {
  test('`[ref]` selects packages with files committed since the merge base', async () => {
    await using ws = await repoWithFeatureBranch();
    expect((await select(ws, ['[main]'])).names).toEqual(['ui']);
  });

  test('`...[ref]` adds dependents and `[ref]...` dependencies', async () => {
    await using ws = await repoWithFeatureBranch();
    expect((await select(ws, ['...[main]'])).names).toEqual(['app', 'ui']);
    expect((await select(ws, ['[main]...'])).names).toEqual(['lib', 'ui']);
  });

  test('uncommitted and untracked files count as changed', async () => {
    await using ws = await repoWithFeatureBranch();
    await ws.write({ 'packages/tool/new-file.ts': '' });
    await ws.write({ 'packages/lib/package.json': { ...pkg('lib'), description: 'edited' } });
    expect((await select(ws, ['[main]'])).names).toEqual(['lib', 'tool', 'ui']);
  });

  test('files outside every package select nothing, which is no error', async () => {
    await using ws = await tempWorkspace(pnpmWorkspace({ a: pkg('a') }, { 'README.md': 'x' }));
    await ws.gitInit();
    await ws.write({ 'README.md': 'changed' });
    expect(await select(ws, ['[HEAD]'])).toEqual({ names: [], warnings: [] });
  });

  test.each(['pnpm-lock.yaml', 'package.json', 'tsconfig.base.json', 'fanout.json'])(
    'a change to the root %s marks every package as changed, and says so',
    async (file) => {
      await using ws = await tempWorkspace(pnpmWorkspace({ a: pkg('a'), b: pkg('b', ['a']) }, { 'README.md': 'x', 'docs/tsconfig.json': '{}' }));
      await ws.gitInit();
      await ws.write({ [file]: file.endsWith('.yaml') ? 'lockfileVersion: 9\n' : { edited: true } });
      const selected = await select(ws, ['[HEAD]']);
      expect(selected.names).toEqual(['a', 'b']);
      expect(selected.warnings).toEqual([`\`${file}\` changed since \`HEAD\` at the workspace root: every package counts as changed`]);
    },
  );

  test('a change to a global dependency marks every package as changed, wherever it is; a `!` glob takes one back', async () => {
    await using ws = await tempWorkspace(pnpmWorkspace({ a: pkg('a'), b: pkg('b') }, { 'config/shared.json': '{}', 'README.md': 'x', 'packages/a/.env': 'A=1' }));
    await ws.gitInit();
    const globalDependencies = ['config/**', '**/.env', '!config/notes.json'];
    await ws.write({ 'config/shared.json': '{"x":1}' });
    expect(await select(ws, ['[HEAD]'], { globalDependencies })).toEqual({
      names: ['a', 'b'],
      warnings: ['`config/shared.json` changed since `HEAD` and is a global dependency (`globalDependencies`): every package counts as changed'],
    });
    // Without the config, the same change is a root file no package reads.
    expect(await select(ws, ['[HEAD]'])).toEqual({ names: [], warnings: [] });
    await ws.gitInit();
    await ws.write({ 'packages/a/.env': 'A=2' });
    expect((await select(ws, ['[HEAD]'], { globalDependencies })).names).toEqual(['a', 'b']);
    await ws.gitInit();
    await ws.write({ 'config/notes.json': '{}' });
    expect(await select(ws, ['[HEAD]'], { globalDependencies })).toEqual({ names: [], warnings: [] });
  });

  test('root files that no package reads, and config files below the root, select nothing', async () => {
    await using ws = await tempWorkspace(pnpmWorkspace({ a: pkg('a') }, { 'README.md': 'x', 'docs/tsconfig.json': '{}', 'docs/package.json': '{}' }));
    await ws.gitInit();
    await ws.write({ 'README.md': 'changed', 'docs/tsconfig.json': '{"x":1}', 'docs/package.json': '{"x":1}', '.github/workflows/ci.yml': 'on: push\n' });
    expect(await select(ws, ['[HEAD]'])).toEqual({ names: [], warnings: [] });
  });

  test('--affected after a lockfile change runs every package', async () => {
    await using ws = await repoWithFeatureBranch();
    await ws.write({ 'pnpm-lock.yaml': 'lockfileVersion: 9\n' });
    const selected = await select(ws, [], { affected: 'main' });
    expect(selected.names).toEqual(['app', 'lib', 'tool', 'ui']);
    expect(selected.warnings.join('\n')).toContain('`pnpm-lock.yaml` changed since `main`');
  });

  test('a name with a ref selects only matching packages that changed', async () => {
    await using ws = await repoWithFeatureBranch();
    expect((await select(ws, ['ui[main]'])).names).toEqual(['ui']);
    expect((await select(ws, ['app[main]'])).names).toEqual([]);
    expect((await select(ws, ['app...[main]'])).names).toEqual([]);
    expect((await select(ws, ['...ui[main]'])).names).toEqual(['app', 'ui']);
  });

  test('an unknown ref is ERR_RUNNER_GIT', async () => {
    await using ws = await repoWithFeatureBranch();
    const error = await select(ws, ['[no-such-branch]']).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RunnerError);
    expect((error as RunnerError).code).toBe('ERR_RUNNER_GIT');
  });
});

describe('affected', () => {
  test('`affected: true` compares against the default branch and takes dependents', async () => {
    await using ws = await repoWithFeatureBranch();
    expect(await select(ws, [], { affected: true })).toEqual({ names: ['app', 'ui'], warnings: [] });
  });

  test('FANOUT_BASE names the base', async () => {
    await using ws = await repoWithFeatureBranch();
    await ws.git('tag', 'before-lib');
    await ws.write({ 'packages/lib/x.ts': '' });
    await ws.git('add', '-A');
    await ws.git('commit', '-q', '-m', 'lib change');
    expect((await select(ws, [], { affected: true, env: { FANOUT_BASE: 'before-lib' } })).names).toEqual(['app', 'lib', 'ui']);
    expect((await select(ws, [], { affected: 'HEAD~1' })).names).toEqual(['app', 'lib', 'ui']);
  });

  test('with filters, affected keeps only the filtered packages that are affected', async () => {
    await using ws = await repoWithFeatureBranch();
    expect((await select(ws, ['app', 'tool'], { affected: true })).names).toEqual(['app']);
    // Only a selection nothing narrowed is the whole workspace: an exclusion or a working `affected` narrows it.
    expect([await wholeWorkspace(ws, []), await wholeWorkspace(ws, ['!tool']), await wholeWorkspace(ws, [], { affected: true })]).toEqual([true, false, false]);
  });

  test('a missing base falls back to every package with a loud warning', async () => {
    await using ws = await repoWithFeatureBranch();
    const result = await select(ws, [], { affected: true, env: { FANOUT_BASE: 'origin/nope' } });
    expect(result.names).toEqual(['app', 'lib', 'tool', 'ui']);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toContain('EVERY package');
    // It runs what a plain run would, turbo's root tasks included.
    expect(await wholeWorkspace(ws, [], { affected: true, env: { FANOUT_BASE: 'origin/nope' } })).toBe(true);
  });

  test('a shallow clone without the merge base falls back to every package with a warning', async () => {
    await using origin = await repoWithFeatureBranch();
    await origin.git('checkout', '-q', 'main');
    await origin.write({ 'packages/tool/later.ts': '' });
    await origin.git('add', '-A');
    await origin.git('commit', '-q', '-m', 'main moves on');
    await using clone = await tempWorkspace();
    await clone.git('clone', '-q', '--depth', '1', '--branch', 'feature', '--no-single-branch', `file://${origin.root}`, '.');
    const result = await select(clone, [], { affected: true });
    expect(result.names).toEqual(['app', 'lib', 'tool', 'ui']);
    expect(result.warnings[0]).toContain('shallow');
  });

  test('outside a git repository, affected falls back with a warning', async () => {
    await using ws = await tempWorkspace(pnpmWorkspace({ a: pkg('a') }));
    const result = await select(ws, [], { affected: true });
    expect(result.names).toEqual(['a']);
    expect(result.warnings[0]).toContain('not in a git repository');
  });
});

describe('changedFilesIgnorePattern', () => {
  test('changed files matching a glob select no package, for `[ref]`, `...[ref]` and affected alike', async () => {
    await using ws = await repoWithFeatureBranch();
    await ws.write({ 'packages/lib/README.md': 'docs\n', 'packages/tool/.changeset/note.md': 'x\n' });
    expect((await select(ws, ['[main]'])).names).toEqual(['lib', 'tool', 'ui']);
    expect((await select(ws, ['[main]'], { ignore: ['**/*.md'] })).names).toEqual(['ui']);
    expect((await select(ws, ['...[main]'], { ignore: ['**/*.md'] })).names).toEqual(['app', 'ui']);
    expect((await select(ws, [], { affected: 'main', ignore: ['**/*.md'] })).names).toEqual(['app', 'ui']);
    expect((await select(ws, [], { affected: 'main', ignore: ['**/*.md', 'packages/ui/src/**'] })).names).toEqual([]);
  });

  test('a package with one ignored and one other changed file still counts as changed', async () => {
    await using ws = await tempWorkspace(pnpmWorkspace({ a: pkg('a'), b: pkg('b') }));
    await ws.gitInit();
    await ws.write({ 'packages/a/README.md': 'x', 'packages/a/src/index.ts': 'export {};\n', 'packages/b/docs/guide.md': 'x' });
    expect((await select(ws, ['[HEAD]'], { ignore: ['**/*.md'] })).names).toEqual(['a']);
  });

  test('an ignored root file is no workspace-wide change and raises no warning', async () => {
    await using ws = await tempWorkspace(pnpmWorkspace({ a: pkg('a'), b: pkg('b') }));
    await ws.gitInit();
    await ws.write({ 'pnpm-lock.yaml': 'lockfileVersion: 9\n', 'packages/b/x.ts': '' });
    expect(await select(ws, ['[HEAD]'], { ignore: ['pnpm-lock.yaml'] })).toEqual({ names: ['b'], warnings: [] });
    expect((await select(ws, ['[HEAD]'], { ignore: ['*.md'] })).names).toEqual(['a', 'b']);
  });

  test('without a `[ref]` filter or affected the globs change nothing', async () => {
    await using ws = await tempWorkspace(pnpmWorkspace({ a: pkg('a'), b: pkg('b') }));
    expect(await select(ws, [], { ignore: ['**'] })).toEqual({ names: ['a', 'b'], warnings: [] });
    expect((await select(ws, ['a'], { ignore: ['**'] })).names).toEqual(['a']);
  });

  test('an empty glob is ERR_RUNNER_USAGE even without a `[ref]` filter', async () => {
    await using ws = await tempWorkspace(pnpmWorkspace({ a: pkg('a') }));
    const error = await select(ws, [], { ignore: [''] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RunnerError);
    expect((error as RunnerError).code).toBe('ERR_RUNNER_USAGE');
    expect((error as RunnerError).message).toContain('`changedFilesIgnorePattern`');
  });
});
