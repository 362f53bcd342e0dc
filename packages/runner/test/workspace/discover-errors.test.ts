import { describe, expect, test } from 'vitest';
import { RunnerError } from '../../src/errors.js';
import { discoverWorkspace } from '../../src/workspace/discover-workspace.js';
import { pkg, pnpmWorkspace, tempWorkspace } from './temp-workspace.js';

async function failure(root: string): Promise<RunnerError> {
  const error = await discoverWorkspace(root).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(RunnerError);
  return error as RunnerError;
}

describe('discoverWorkspace on bad input', () => {
  test('malformed pnpm-workspace.yaml is ERR_RUNNER_CONFIG with the file, line and column', async () => {
    await using ws = await tempWorkspace({ 'package.json': { name: 'r' }, 'pnpm-workspace.yaml': 'packages:\n  - "packages/*\n  - x\n' });
    const error = await failure(ws.root);
    expect([error.code, error.file, typeof error.line, typeof error.column]).toEqual(['ERR_RUNNER_CONFIG', ws.path('pnpm-workspace.yaml'), 'number', 'number']);
  });

  test('`packages` that is not a list is ERR_RUNNER_CONFIG pointing at it', async () => {
    await using ws = await tempWorkspace({ 'package.json': { name: 'r' }, 'pnpm-workspace.yaml': 'name: x\npackages: packages/*\n' });
    const error = await failure(ws.root);
    expect([error.code, error.line, error.column]).toEqual(['ERR_RUNNER_CONFIG', 2, 11]);
  });

  test('malformed package.json is ERR_RUNNER_MANIFEST with the line and column of the syntax error', async () => {
    await using ws = await tempWorkspace({
      ...pnpmWorkspace({ a: pkg('a') }),
      'packages/b/package.json': '{\n  "name": "b",\n  "version": "1.0.0"\n  "scripts": {}\n}\n',
    });
    const error = await failure(ws.root);
    expect([error.code, error.file, error.line, error.column]).toEqual(['ERR_RUNNER_MANIFEST', ws.path('packages/b/package.json'), 4, 3]);
  });

  test('a package without a name is ERR_RUNNER_MANIFEST naming its package.json', async () => {
    await using ws = await tempWorkspace({ ...pnpmWorkspace({ a: pkg('a') }), 'packages/b/package.json': { version: '1.0.0' } });
    const error = await failure(ws.root);
    expect([error.code, error.file]).toEqual(['ERR_RUNNER_MANIFEST', ws.path('packages/b/package.json')]);
  });

  test('the root of a multi-package workspace may go without a name', async () => {
    await using ws = await tempWorkspace({ ...pnpmWorkspace({ a: pkg('a') }), 'package.json': { private: true }, 'pnpm-workspace.yaml': 'packages: [".", "packages/*"]\n' });
    expect((await discoverWorkspace(ws.root)).packages.map((p) => p.name)).toEqual(['a']);
  });

  test('two packages with one name are ERR_RUNNER_DUPLICATE_PACKAGE naming both directories', async () => {
    await using ws = await tempWorkspace(pnpmWorkspace({ one: pkg('same'), two: pkg('same') }));
    const error = await failure(ws.root);
    expect(error.code).toBe('ERR_RUNNER_DUPLICATE_PACKAGE');
    expect(error.message).toContain('packages/one');
    expect(error.message).toContain('packages/two');
  });

  test('a workspace: dependency on a package that is not in the workspace is ERR_RUNNER_MISSING_DEPENDENCY', async () => {
    await using ws = await tempWorkspace(pnpmWorkspace({ app: pkg('app', ['ghost']) }));
    const error = await failure(ws.root);
    expect([error.code, error.file]).toEqual(['ERR_RUNNER_MISSING_DEPENDENCY', ws.path('packages/app/package.json')]);
  });

  test('a workspace: range the workspace version does not satisfy is ERR_RUNNER_MISSING_DEPENDENCY', async () => {
    await using ws = await tempWorkspace(
      pnpmWorkspace({ lib: pkg('lib', [], {}, '1.0.0'), app: { name: 'app', dependencies: { lib: 'workspace:^2.0.0' } } }),
    );
    expect((await failure(ws.root)).code).toBe('ERR_RUNNER_MISSING_DEPENDENCY');
  });

  test('npm `workspaces` of the wrong type is ERR_RUNNER_MANIFEST at the key', async () => {
    await using ws = await tempWorkspace({ 'package.json': '{\n  "name": "r",\n  "workspaces": "packages/*"\n}\n' });
    const error = await failure(ws.root);
    expect([error.code, error.line, error.column]).toEqual(['ERR_RUNNER_MANIFEST', 3, 3]);
  });
});
