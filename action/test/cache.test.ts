import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cacheKeys, hashLockfile, keyScope } from '../src/cache/cache-key.js';
import type { CachePlan } from '../src/cache/cache-plan.js';
import type { CacheService } from '../src/cache/cache-service.js';
import { captureWarnings } from '../src/cache/capture-warnings.js';
import { restoreTaskCache } from '../src/cache/restore-cache.js';
import { saveTaskCache } from '../src/cache/save-cache.js';

/** An in-memory stand-in for @actions/cache that logs the way the library does. */
function fakeService(overrides: Partial<CacheService> = {}): CacheService & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    isFeatureAvailable: () => true,
    restoreCache: async (_paths, key) => {
      calls.push(`restore ${key}`);
      return undefined;
    },
    saveCache: async (_paths, key) => {
      calls.push(`save ${key}`);
      return 7;
    },
    ...overrides,
  };
}

const env = { ACTIONS_RUNTIME_TOKEN: 'token', GITHUB_RUN_ID: '99', GITHUB_RUN_ATTEMPT: '2' };
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fanout-action-cache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cache keys', () => {
  it('scope by os, arch and lockfile, unique per run attempt and shard, restored by prefix', () => {
    expect(cacheKeys({ prefix: 'fanout-v1', platform: 'linux', arch: 'x64', lockHash: 'abc', scope: keyScope(env, { index: 1, total: 3 }) })).toEqual({
      key: 'fanout-v1-linux-x64-abc-99-2-shard1of3',
      restoreKeys: ['fanout-v1-linux-x64-abc-', 'fanout-v1-linux-x64-'],
    });
    expect(keyScope({ GITHUB_SHA: 'deadbeef' }, undefined)).toBe('deadbeef');
  });

  it('hash the nearest lockfile up the tree, or say there is none', async () => {
    await writeFile(path.join(dir, 'pnpm-lock.yaml'), 'lockfileVersion: 9.0\n');
    await mkdir(path.join(dir, 'packages/a'), { recursive: true });
    const hash = await hashLockfile(path.join(dir, 'packages/a'));
    expect(hash).toMatch(/^[0-9a-f]{16}$/);
    await writeFile(path.join(dir, 'pnpm-lock.yaml'), 'lockfileVersion: 9.1\n');
    expect(await hashLockfile(dir)).not.toBe(hash);
  });
});

describe('restoreTaskCache', () => {
  const options = (service: CacheService, environment: NodeJS.ProcessEnv = env) => ({
    service,
    env: environment,
    cacheDir: path.join(dir, 'node_modules/.cache/fanout'),
    workingDirectory: dir,
    keyPrefix: 'fanout-v1',
    maxSizeBytes: 1024,
    shard: undefined,
  });

  it('gives one warning and no plan when the job has no runtime token', async () => {
    const service = fakeService();
    const { value, warnings } = await captureWarnings(() => restoreTaskCache(options(service, {})));
    expect(value.plan).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(service.calls).toEqual([]);
  });

  it('gives one warning and no plan when the cache service is not available', async () => {
    const { value, warnings } = await captureWarnings(() => restoreTaskCache(options(fakeService({ isFeatureAvailable: () => false }))));
    expect(value.plan).toBeUndefined();
    expect(warnings).toEqual([value.warning]);
  });

  it('plans the same paths and key for save, recording the key it restored', async () => {
    const service = fakeService({ restoreCache: async (_paths, _key, restoreKeys) => `${restoreKeys[0]}98-1` });
    const { value, warnings } = await captureWarnings(() => restoreTaskCache(options(service)));
    expect(warnings).toEqual([]);
    expect(value.plan).toEqual({
      paths: [path.join(dir, 'node_modules/.cache/fanout/*'), `!${path.join(dir, 'node_modules/.cache/fanout/logs')}`],
      key: expect.stringMatching(/^fanout-v1-\w+-\w+-nolock-99-2$/),
      restoreKeys: [expect.stringMatching(/-nolock-$/), expect.stringMatching(/^fanout-v1-\w+-\w+-$/)],
      restoredKey: expect.stringMatching(/-nolock-98-1$/),
      maxSizeBytes: 1024,
    });
  });

  it('passes on the library warning for a failed restore without adding another', async () => {
    const service = fakeService({
      restoreCache: async () => {
        process.stdout.write('::warning::Failed to restore: Unable to make request: ECONNRESET\n');
        return undefined;
      },
    });
    const { value, warnings } = await captureWarnings(() => restoreTaskCache(options(service)));
    expect(warnings).toEqual(['Failed to restore: Unable to make request: ECONNRESET']);
    expect(value.plan?.restoredKey).toBeUndefined();
  });
});

describe('saveTaskCache', () => {
  let plan: CachePlan;
  beforeEach(async () => {
    const store = path.join(dir, 'store');
    await mkdir(store);
    await writeFile(path.join(store, 'entry'), 'x'.repeat(100));
    await mkdir(path.join(store, 'logs'));
    await writeFile(path.join(store, 'logs', 'run.log'), 'y'.repeat(5000));
    plan = { paths: [path.join(store, '*'), `!${path.join(store, 'logs')}`], key: 'k-2', restoreKeys: ['k-'], restoredKey: 'k-1', maxSizeBytes: 1000 };
  });

  it('saves under the planned key when the run wrote entries', async () => {
    const service = fakeService();
    const { value, warnings } = await captureWarnings(() => saveTaskCache(plan, 3, service, {}));
    expect(value).toEqual({ saved: true, key: 'k-2', bytes: 100 });
    expect(service.calls).toEqual(['save k-2']);
    expect(warnings).toEqual([]);
  });

  it.each([
    ['nothing-new', 0, {}, {}],
    ['already-saved', 1, { restoredKey: 'k-2' }, {}],
    ['read-only', 1, {}, { ACTIONS_CACHE_MODE: 'read' }],
  ] as const)('skips saving quietly when %s', async (reason, entries, planChange, environment) => {
    const service = fakeService();
    const { value, warnings } = await captureWarnings(() => saveTaskCache({ ...plan, ...planChange }, entries, service, environment));
    expect(value).toEqual({ saved: false, reason });
    expect(service.calls).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('warns once and skips a store over the size budget', async () => {
    const { value, warnings } = await captureWarnings(() => saveTaskCache({ ...plan, maxSizeBytes: 50 }, 1, fakeService(), {}));
    expect(value).toMatchObject({ saved: false, reason: 'over-budget' });
    expect(warnings).toHaveLength(1);
  });

  it('turns the library info line about a refused reservation into exactly one warning', async () => {
    const service = fakeService({
      saveCache: async () => {
        process.stdout.write('Failed to save: Unable to reserve cache with key k-2, another job may be creating this cache.\n');
        return -1;
      },
    });
    const { value, warnings } = await captureWarnings(() => saveTaskCache(plan, 1, service, {}));
    expect(value).toMatchObject({ saved: false, reason: 'failed' });
    expect(warnings).toEqual(['Task cache not saved: Unable to reserve cache with key k-2, another job may be creating this cache.']);
  });

  it('adds no warning of its own when the library already warned', async () => {
    const service = fakeService({
      saveCache: async () => {
        process.stdout.write('::warning::Failed to save: cache write denied: read-only token\n');
        return -1;
      },
    });
    const { warnings } = await captureWarnings(() => saveTaskCache(plan, 1, service, {}));
    expect(warnings).toEqual(['Failed to save: cache write denied: read-only token']);
  });
});
