import { rm } from 'node:fs/promises';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Fingerprint } from '../../src/cache/task-cache.js';
import { explainMiss } from '../../src/cache/fingerprint/explain-miss.js';
import { taskId } from '../../src/model/task-id.js';
import { cacheRig } from './cache-rig.js';
import { sampleInputs } from './sample-inputs.js';

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

  it('name a changed, added or removed global dependency by its root-relative path, and a global env var', async () => {
    await using rig = await cacheRig({ ...files, 'tsconfig.base.json': '{}\n', 'config/a.json': '{}\n' });
    const task = rig.task('a', 'build');
    const cache = (env: NodeJS.ProcessEnv = {}) => rig.cache({ globalDependencies: ['tsconfig.base.json', 'config/*.json'], globalEnv: ['STAGE'], env });
    await rig.runThrough(cache({ STAGE: 'one' }), task);
    await rig.write({ 'tsconfig.base.json': '{ "strict": true }\n', 'config/b.json': '{}\n' });
    await rm(path.join(rig.root, 'config/a.json'));
    expect((await rig.runThrough(cache({ STAGE: 'two' }), task)).reasons).toEqual([
      'global dependency changed: tsconfig.base.json',
      'global dependency added: config/b.json',
      'global dependency removed: config/a.json',
      'env changed: STAGE',
    ]);
  });

  it('say the entry is gone when the inputs match the last stored run but its entry was removed', async () => {
    await using rig = await cacheRig(files);
    const task = rig.task('a', 'build');
    await rig.runThrough(rig.cache(), task);
    await rm(path.join(rig.cacheDir, 'tasks-v1', 'entries'), { recursive: true });
    expect((await rig.runThrough(rig.cache(), task)).reasons).toEqual(['the stored entry for these inputs is gone (pruned or cleaned)']);
  });

  it('name a lockfile, Node version and OS/arch change, and cap long file lists', () => {
    const base = sampleInputs();
    const files = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${String(i).padStart(2, '0')}.ts`, 'x']));
    expect(explainMiss(base, { ...base, lockfile: 'pnpm:2', node: '22.1', platform: 'darwin', arch: 'arm64', files })).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `file added: f${String(i).padStart(2, '0')}.ts`),
      'file added: … and 2 more',
      'lockfile changed: the package’s dependency closure differs',
      'Node version changed: 20.19 → 22.1',
      'OS/arch changed: linux-x64 → darwin-arm64',
    ]);
    expect(explainMiss(base, base)).toEqual([]);
  });
});
