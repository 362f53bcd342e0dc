import * as path from 'node:path';
import * as core from '@actions/core';
import type { CachePlan } from './cache-plan.js';
import { cacheKeys, hashLockfile, keyScope } from './cache-key.js';
import { cacheUnavailableReason, type CacheService } from './cache-service.js';
import { captureWarnings } from './capture-warnings.js';

export interface RestoreTaskCacheOptions {
  service: CacheService;
  env: NodeJS.ProcessEnv;
  /** The task store to carry between runs (the runner's `cacheDir`). */
  cacheDir: string;
  /** Where to look for the lockfile. */
  workingDirectory: string;
  keyPrefix: string;
  maxSizeBytes: number;
  shard: { index: number; total: number } | undefined;
}

export interface RestoreOutcome {
  /** For the post step; `undefined` when the cache service cannot be used at all. */
  plan: CachePlan | undefined;
  /** The one warning this step gave about the cache, if any, for the job summary. */
  warning: string | undefined;
}

/**
 * Brings the task store of an earlier run back before the tasks run. Never throws for a cache problem: an
 * unavailable service, a denied read or a network error is one warning, and the run goes on with what it has.
 */
export async function restoreTaskCache(options: RestoreTaskCacheOptions): Promise<RestoreOutcome> {
  const unavailable = cacheUnavailableReason(options.service, options.env);
  if (unavailable) {
    const warning = `Task cache not restored or saved: ${unavailable}; tasks run uncached unless the local store has them.`;
    core.warning(warning);
    return { plan: undefined, warning };
  }

  const { key, restoreKeys } = cacheKeys({
    prefix: options.keyPrefix,
    platform: process.platform,
    arch: process.arch,
    lockHash: await hashLockfile(options.workingDirectory),
    scope: keyScope(options.env, options.shard),
  });
  // Everything in the store but the runner's per-run logs, which are not worth carrying between runs. (A `!`
  // pattern only removes what the patterns before it matched, hence `<dir>/*` rather than `<dir>`.)
  const paths = [path.join(options.cacheDir, '*'), `!${path.join(options.cacheDir, 'logs')}`];
  const plan: CachePlan = { paths, key, restoreKeys, restoredKey: undefined, maxSizeBytes: options.maxSizeBytes };

  try {
    const { value: restoredKey, warnings } = await captureWarnings(() => options.service.restoreCache(paths, key, restoreKeys));
    plan.restoredKey = restoredKey;
    if (restoredKey) core.info(`Task cache restored from ${restoredKey}`);
    else if (warnings.length === 0) core.info(`No task cache found for ${restoreKeys.join(' or ')}`);
    return { plan, warning: warnings[0] };
  } catch (error) {
    const warning = `Task cache not restored: ${error instanceof Error ? error.message : String(error)}`;
    core.warning(warning);
    return { plan, warning };
  }
}
