import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { npmLockClosure } from '../../src/cache/fingerprint/npm-lock-closure.js';
import { pnpmLockClosure } from '../../src/cache/fingerprint/pnpm-lock-closure.js';

describe('lockfile closure', () => {
  it('pnpm v9: follows the importer into packages and snapshots, through dependencies, and skips links', () => {
    const lock = parse(`lockfileVersion: '9.0'
importers:
  packages/a:
    dependencies:
      b:
        specifier: workspace:*
        version: link:../b
      outer:
        specifier: ^1.0.0
        version: 1.0.0(peer@2.0.0)
  packages/b:
    dependencies:
      unrelated:
        specifier: ^1.0.0
        version: 1.0.0
packages:
  outer@1.0.0:
    resolution: {integrity: sha512-outer}
  inner@3.0.0:
    resolution: {integrity: sha512-inner}
  unrelated@1.0.0:
    resolution: {integrity: sha512-unrelated}
snapshots:
  outer@1.0.0(peer@2.0.0):
    dependencies:
      inner: 3.0.0
  inner@3.0.0: {}
  unrelated@1.0.0: {}
`) as Record<string, unknown>;
    const keys = [...pnpmLockClosure(lock, 'packages/a')!.keys()].sort();
    expect(keys).toEqual(['importer:packages/a', 'lock:lockfileVersion', 'package:inner@3.0.0', 'package:outer@1.0.0(peer@2.0.0)']);
    expect(pnpmLockClosure(lock, 'packages/missing')).toBeUndefined();
  });

  it('pnpm v6: reads `/name@version` keys', () => {
    const lock = parse(`lockfileVersion: '6.0'
importers:
  .:
    dependencies:
      dep:
        specifier: ^1.0.0
        version: 1.2.0
packages:
  /dep@1.2.0:
    resolution: {integrity: sha512-dep}
    dependencies:
      sub: 0.1.0
  /sub@0.1.0:
    resolution: {integrity: sha512-sub}
`) as Record<string, unknown>;
    expect([...pnpmLockClosure(lock, '.')!.keys()].filter((key) => key.startsWith('package:')).sort()).toEqual(['package:/dep@1.2.0', 'package:/sub@0.1.0']);
  });

  it('package-lock v3: resolves like Node (own node_modules first, then the root), and stops at workspace links', () => {
    const lock = {
      lockfileVersion: 3,
      packages: {
        '': { name: 'root', workspaces: ['packages/*'] },
        'packages/a': { name: 'a', dependencies: { dep: '^1', b: '*' }, devDependencies: { tool: '^1' } },
        'packages/a/node_modules/dep': { version: '1.5.0', dependencies: { sub: '^1' } },
        'node_modules/dep': { version: '2.0.0' },
        'node_modules/sub': { version: '1.0.0' },
        'node_modules/tool': { version: '1.0.0', devDependencies: { never: '*' } },
        'node_modules/b': { resolved: 'packages/b', link: true },
        'node_modules/unrelated': { version: '9.9.9' },
      },
    };
    expect([...npmLockClosure(lock, 'packages/a')!.keys()].sort()).toEqual([
      'importer:packages/a',
      'node_modules/b',
      'node_modules/sub',
      'node_modules/tool',
      'packages/a/node_modules/dep',
    ]);
    expect(npmLockClosure({ lockfileVersion: 1, dependencies: {} }, 'packages/a')).toBeUndefined();
  });
});
