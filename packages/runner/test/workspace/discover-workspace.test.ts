import { describe, expect, test } from 'vitest';
import { discoverWorkspace } from '../../src/workspace/discover-workspace.js';
import { pkg, pnpmWorkspace, tempWorkspace } from './temp-workspace.js';

const names = (ws: { packages: Array<{ name: string }> }) => ws.packages.map((p) => p.name);

describe('discoverWorkspace', () => {
  test('pnpm globs find packages sorted by directory, skip node_modules and honour `!` exclusions', async () => {
    await using ws = await tempWorkspace({
      'package.json': { name: 'root', private: true },
      'pnpm-workspace.yaml': 'packages:\n  - "packages/*"\n  - "tools/**"\n  - "!tools/legacy"\n',
      'packages/zeta/package.json': pkg('zeta'),
      'packages/alpha/package.json': pkg('alpha'),
      'packages/alpha/node_modules/dep/package.json': pkg('dep'),
      'tools/gen/package.json': pkg('gen'),
      'tools/legacy/package.json': pkg('legacy'),
      'pnpm-lock.yaml': 'lockfileVersion: 9.0\n',
    });
    const workspace = await discoverWorkspace(ws.root);
    expect(workspace.kind).toBe('pnpm');
    expect(workspace.packages.map((p) => p.relativeDir)).toEqual(['packages/alpha', 'packages/zeta', 'tools/gen']);
    expect(workspace.byName.get('gen')?.dir).toBe(ws.path('tools/gen'));
    expect(workspace.lockfile).toBe(ws.path('pnpm-lock.yaml'));
  });

  test('the root package.json of a multi-package workspace is not a package unless a glob names `.`', async () => {
    await using plain = await tempWorkspace(pnpmWorkspace({ a: pkg('a') }));
    expect(names(await discoverWorkspace(plain.root))).toEqual(['a']);

    await using withRoot = await tempWorkspace({
      ...pnpmWorkspace({ a: pkg('a') }),
      'pnpm-workspace.yaml': 'packages:\n  - "."\n  - "packages/*"\n',
    });
    const workspace = await discoverWorkspace(withRoot.root);
    expect(workspace.packages.map((p) => p.relativeDir)).toEqual(['.', 'packages/a']);
  });

  test('npm `workspaces` as an array and as `{ packages }` both work, with package-lock.json detected', async () => {
    await using array = await tempWorkspace({
      'package.json': { name: 'root', workspaces: ['libs/*'] },
      'libs/one/package.json': pkg('one'),
      'package-lock.json': '{}',
    });
    const first = await discoverWorkspace(array.root);
    expect([first.kind, names(first), first.lockfile]).toEqual(['npm', ['one'], array.path('package-lock.json')]);

    await using object = await tempWorkspace({
      'package.json': { name: 'root', workspaces: { packages: ['libs/*'], nohoist: [] } },
      'libs/two/package.json': pkg('two'),
      'yarn.lock': '',
    });
    const second = await discoverWorkspace(object.root);
    expect([names(second), second.lockfile]).toEqual([['two'], object.path('yarn.lock')]);
  });

  test('a single package without workspaces is the whole workspace', async () => {
    await using ws = await tempWorkspace({ 'package.json': { name: 'solo', version: '0.1.0', scripts: { test: 'vitest', bad: 42 } } });
    const workspace = await discoverWorkspace(ws.root);
    expect(workspace.kind).toBe('single');
    expect(workspace.packages).toHaveLength(1);
    expect(workspace.packages[0]).toMatchObject({ name: 'solo', relativeDir: '.', dir: ws.root, scripts: { test: 'vitest' } });
    expect(workspace.lockfile).toBeUndefined();
  });

  test('a pnpm-workspace.yaml without `packages` takes every package below the root', async () => {
    await using ws = await tempWorkspace({
      'package.json': { name: 'root' },
      'pnpm-workspace.yaml': 'onlyBuiltDependencies: []\n',
      'a/package.json': pkg('a'),
      'deep/b/package.json': pkg('b'),
    });
    expect(names(await discoverWorkspace(ws.root))).toEqual(['a', 'b']);
  });

  test('dependencies from all four fields count by workspace: protocol, *, or a range the version satisfies', async () => {
    await using ws = await tempWorkspace(
      pnpmWorkspace({
        lib: pkg('lib', [], {}, '1.4.0'),
        util: pkg('util', [], {}, '2.0.0'),
        types: pkg('types', [], {}, '0.3.0'),
        peer: pkg('peer', [], {}, '5.0.0'),
        app: {
          name: 'app',
          dependencies: { lib: '^1.2.0', react: '^18.0.0' },
          devDependencies: { util: '^1.0.0', types: 'workspace:^' },
          optionalDependencies: { peer: '*' },
          peerDependencies: { app: '*' },
        },
      }),
    );
    const workspace = await discoverWorkspace(ws.root);
    // util@2.0.0 does not satisfy ^1.0.0 (a registry copy is meant); app's self-reference is ignored.
    expect(workspace.byName.get('app')?.workspaceDependencies).toEqual(['lib', 'peer', 'types']);
  });

  test('a range naming the member\'s own version links it, and other ranges are still checked against it', async () => {
    await using ws = await tempWorkspace({
      'package.json': { name: 'root', workspaces: ['packages/*'] },
      'packages/a/package.json': pkg('a', [], {}, '1.0.0'),
      'packages/b/package.json': pkg('b', [], {}, '2.1.0'),
      'packages/c/package.json': pkg('c', [], {}, '3.0.0-rc.1'),
      'packages/d/package.json': pkg('d', [], {}, '4.0.0'),
      'packages/e/package.json': pkg('e', [], {}, '5.0.0'),
      'packages/app/package.json': {
        name: 'app',
        dependencies: { a: '^1.0.0', b: '~2.0.0', c: '^3.0.0-rc.1', d: '>=4.0.0' },
        devDependencies: { e: '^5.0.1' },
      },
    });
    const workspace = await discoverWorkspace(ws.root);
    // b@2.1.0 is outside ~2.0.0 and e@5.0.0 below ^5.0.1: registry copies are meant.
    expect(workspace.byName.get('app')?.workspaceDependencies).toEqual(['a', 'c', 'd']);
  });
});
