import { execFileSync } from 'node:child_process';
import { chmod, readFile, utimes, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GitRepo } from '../../src/cache/fingerprint/git-repo.js';
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

  it('a run whose lookups are all hits starts one git process for every package', async () => {
    await using rig = await cacheRig({ ...files, '.gitignore': 'node_modules\n' });
    const tasks = ['a', 'b'].flatMap((pkg) => ['build', 'lint'].map((script) => rig.task(pkg, script)));
    const cold = rig.cache();
    for (const task of tasks) await rig.runThrough(cold, task);

    // A `git` first on PATH that records each call and hands it to the real one.
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    const calls = path.join(rig.root, 'git-calls.txt');
    const wrapper = path.join(rig.root, 'bin', 'git');
    await rig.write({ 'bin/git': `#!/bin/sh\necho "$*" >> '${calls}'\nexec '${realGit}' "$@"\n` });
    await chmod(wrapper, 0o755);
    const { PATH } = process.env;
    process.env['PATH'] = `${path.dirname(wrapper)}${path.delimiter}${PATH ?? ''}`;
    try {
      const warm = rig.cache();
      const lookups = await Promise.all(tasks.map((task) => warm.lookup(task, new Map())));
      expect(lookups.map((lookup) => lookup.kind)).toEqual(['hit', 'hit', 'hit', 'hit']);
    } finally {
      process.env['PATH'] = PATH;
    }
    // A listing slow enough (a loaded machine) may be followed by an index refresh; there is still one listing.
    const lines = (await readFile(calls, 'utf8')).trim().split('\n').filter((line) => !line.startsWith('update-index'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^ls-files /);
  });

  it('refreshes the index’s stat data after a slow listing, so the next one need not compare contents', async () => {
    await using rig = await cacheRig({ ...files, '.gitignore': 'node_modules\n' });
    // Same content, new stats: git must read the file to see it is unchanged, until the index is refreshed.
    const file = path.join(rig.root, 'packages/a/src/index.js');
    const later = new Date(Date.now() + 60_000);
    await utimes(file, later, later);
    const indexedMtime = async () => /mtime:\s*(\d+):/.exec(await rig.git('ls-files', '--debug', 'packages/a/src/index.js'))?.[1];
    const before = await indexedMtime();
    expect(before).not.toBe(String(Math.floor(later.getTime() / 1000)));

    // No listing counts as slow: the index is left as it is.
    const fast = await GitRepo.open(rig.root, { slowListingMs: 1e6 });
    await fast?.settle();
    expect(await indexedMtime()).toBe(before);

    // Every listing counts as slow here.
    const slow = await GitRepo.open(rig.root, { slowListingMs: -1e6 });
    expect(slow).toBeDefined();
    await slow?.settle();
    expect(await indexedMtime()).toBe(String(Math.floor(later.getTime() / 1000)));
    expect((await slow!.filesUnder('packages/a', { asOpened: true })).changed).toEqual([]);
  });

  it('hashes untracked files in the repository’s object format when nothing is tracked yet', async () => {
    await using rig = await cacheRig({ 'packages/a/src/index.js': 'export const a = 1;\n' }, { git: false });
    // No blob id to tell SHA-256 from SHA-1 by: the format is asked of git.
    await rig.git('init', '-q', '--object-format=sha256', '-b', 'main');
    const untracked = await fingerprintIn(rig, rig.workspace);
    await rig.git('add', '-A');
    expect(await fingerprintIn(rig, rig.workspace)).toBe(untracked);
    await writeFile(path.join(rig.root, 'packages/a/src/index.js'), 'export const a = 2;\n');
    expect(await fingerprintIn(rig, rig.workspace)).not.toBe(untracked);
  });
});
