import { rm } from 'node:fs/promises';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Fingerprint } from '../../src/cache/task-cache.js';
import { taskId } from '../../src/model/task-id.js';
import { cacheRig } from './cache-rig.js';

const files = { '.gitignore': 'node_modules\n', 'packages/a/src/index.js': 'one\n', 'packages/a/src/gone.js': 'gone\n' };

describe('miss explanations', () => {
  it('are empty when the task was never stored', async () => {
    await using rig = await cacheRig(files);
    expect((await rig.runThrough(rig.cache(), rig.task('a', 'build'))).reasons).toEqual([]);
  });

  it('name the files changed, added and removed since the last stored run', async () => {
    await using rig = await cacheRig(files);
    const task = rig.task('a', 'build');
    await rig.runThrough(rig.cache(), task);
    await rig.write({ 'packages/a/src/index.js': 'two\n', 'packages/a/src/new.js': 'new\n' });
    await rm(path.join(task.dir, 'src/gone.js'));
    const { kind, reasons } = await rig.runThrough(rig.cache(), task);
    expect(kind).toBe('miss');
    expect(reasons).toEqual(['file changed: src/index.js', 'file added: src/new.js', 'file removed: src/gone.js']);
  });

  it('name a changed env var without its value, a dependency, the command and the arguments', async () => {
    await using rig = await cacheRig(files);
    const dep = taskId('b', 'build');
    const task = rig.task('a', 'build', { env: ['API_URL'] }, { dependencies: [dep] });
    await rig.runThrough(rig.cache({ env: { API_URL: 'https://one.example' } }), task, new Map([[dep, 'a'.repeat(64) as Fingerprint]]));
    const { reasons } = await rig.runThrough(
      rig.cache({ env: { API_URL: 'https://two.example' } }),
      { ...task, command: 'tsc', args: ['--watch=false'] },
      new Map([[dep, 'b'.repeat(64) as Fingerprint]]),
    );
    expect(reasons).toEqual([
      'command changed: `node build.js` → `tsc`',
      'arguments changed: [] → ["--watch=false"]',
      'env changed: API_URL',
      'dependency changed: b#build',
    ]);
    expect(reasons.join('\n')).not.toContain('example');
  });

  it('say the entry is gone when the inputs match the last stored run but its entry was removed', async () => {
    await using rig = await cacheRig(files);
    const task = rig.task('a', 'build');
    await rig.runThrough(rig.cache(), task);
    await rm(path.join(rig.cacheDir, 'tasks-v1', 'entries'), { recursive: true });
    expect((await rig.runThrough(rig.cache(), task)).reasons).toEqual(['the stored entry for these inputs is gone (pruned or cleaned)']);
  });
});
