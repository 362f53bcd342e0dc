import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Workspace } from '../../src/workspace/workspace.js';
import { cacheRig, type CacheRig } from './cache-rig.js';

const files = {
  'packages/a/src/index.js': 'export const a = 1;\n',
  'packages/a/src/util.js': 'export const u = 2;\n',
  'packages/b/src/index.js': 'export const b = 1;\n',
};

async function fingerprintIn(rig: CacheRig, workspace: Workspace) {
  return (await rig.cache({ workspace, env: {} }).lookup(rig.task('a', 'build'), new Map())).fingerprint;
}

describe('git listing', () => {
  it('a workspace in a subfolder of the repository uses git’s blob ids for the same fingerprint as outside git', async () => {
    await using rig = await cacheRig(files, { git: false });
    // The repository's top is the rig's root; the workspace is one folder down.
    const nested: Workspace = { ...rig.workspace, root: path.join(rig.root, 'packages') };
    const outsideGit = await fingerprintIn(rig, nested);
    await rig.git('init', '-q', '-b', 'main');
    await rig.git('add', '-A');
    await rig.git('commit', '-q', '-m', 'x');
    expect(await fingerprintIn(rig, nested)).toBe(outsideGit);

    await rig.write({ 'packages/a/src/util.js': 'export const u = 3;\n' });
    const edited = await fingerprintIn(rig, nested);
    expect(edited).not.toBe(outsideGit);
    await rig.git('commit', '-qam', 'edit');
    expect(await fingerprintIn(rig, nested)).toBe(edited);
    // Files outside the workspace are not its packages' inputs.
    await rig.write({ 'outside.txt': 'x\n' });
    expect(await fingerprintIn(rig, nested)).toBe(edited);
  });
});
