import { describe, expect, test } from 'vitest';
import { RunnerError } from '../../src/errors.js';
import { findWorkspaceRoot } from '../../src/workspace/find-workspace-root.js';
import { tempWorkspace } from './temp-workspace.js';

describe('findWorkspaceRoot', () => {
  test('a package inside a pnpm workspace resolves to the directory with pnpm-workspace.yaml', async () => {
    await using ws = await tempWorkspace({
      'package.json': { name: 'root' },
      'pnpm-workspace.yaml': 'packages: ["packages/*"]\n',
      'packages/a/package.json': { name: 'a', workspaces: ['nested/*'] },
      'packages/a/src/index.ts': '',
    });
    expect(await findWorkspaceRoot(ws.path('packages/a/src'))).toBe(ws.root);
  });

  test('without pnpm-workspace.yaml, the nearest package.json with `workspaces` wins over a nearer plain one', async () => {
    await using ws = await tempWorkspace({
      'package.json': { name: 'root', workspaces: ['packages/*'] },
      'packages/a/package.json': { name: 'a' },
    });
    expect(await findWorkspaceRoot(ws.path('packages/a'))).toBe(ws.root);
  });

  test('a lone package resolves to its own directory', async () => {
    await using ws = await tempWorkspace({ 'tool/package.json': { name: 'tool' }, 'tool/lib/x.js': '' });
    expect(await findWorkspaceRoot(ws.path('tool/lib'))).toBe(ws.path('tool'));
  });

  test('a directory with no package.json anywhere above is ERR_RUNNER_WORKSPACE', async () => {
    await using ws = await tempWorkspace({ 'empty/.keep': '' });
    // tmpdir() itself must not be inside a package for this to hold; it never is on CI machines.
    const error = await findWorkspaceRoot(ws.path('empty')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RunnerError);
    expect((error as RunnerError).code).toBe('ERR_RUNNER_WORKSPACE');
  });
});
