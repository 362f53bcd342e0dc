import { mkdir, symlink } from 'node:fs/promises';
import * as path from 'node:path';
import fg from 'fast-glob';
import { describe, expect, test } from 'vitest';
import { findPackageDirs } from '../../src/workspace/find-package-dirs.js';
import { tempWorkspace } from './temp-workspace.js';

/** What fast-glob itself answers for the same globs: the plain-path fast path must agree with it exactly. */
function viaFastGlob(root: string, globs: string[]): string[] {
  const files = fg.sync(
    globs.map((glob) => `${glob}/package.json`),
    { cwd: root, ignore: ['**/node_modules/**'], onlyFiles: true, followSymbolicLinks: false },
  );
  return [...new Set(files.map((file) => path.posix.dirname(file)))].sort();
}

describe('findPackageDirs', () => {
  test('plain `dir/*` and literal globs find what fast-glob finds: no dot dirs, node_modules or symbolic links', async () => {
    await using ws = await tempWorkspace({
      'packages/a/package.json': {},
      'packages/b-2/package.json': {},
      'packages/.hidden/package.json': {},
      'packages/node_modules/package.json': {},
      'packages/empty/README.md': '',
      'packages/dir-manifest/package.json/x': '',
      'apps/web/package.json': {},
      'apps/api/package.json': {},
      'elsewhere/x/package.json': {},
    });
    await symlink(ws.path('elsewhere/x'), ws.path('packages/linked-dir'));
    await mkdir(ws.path('packages/linked-manifest'));
    await symlink(ws.path('elsewhere/x/package.json'), ws.path('packages/linked-manifest/package.json'));

    const globs = ['packages/*', 'apps/web', 'missing/*', 'apps/none'];
    const found = await findPackageDirs(ws.root, globs);
    expect(found).toEqual(['apps/web', 'packages/a', 'packages/b-2']);
    expect(found).toEqual(viaFastGlob(ws.root, globs));
  });

  test('real globs and `!` exclusions still go through fast-glob', async () => {
    await using ws = await tempWorkspace({
      'tools/gen/package.json': {},
      'tools/deep/nested/package.json': {},
      'tools/legacy/package.json': {},
      'libs/one/package.json': {},
    });
    expect(await findPackageDirs(ws.root, ['tools/**', '!tools/legacy', './libs/*/'])).toEqual(['libs/one', 'tools/deep/nested', 'tools/gen']);
  });
});
