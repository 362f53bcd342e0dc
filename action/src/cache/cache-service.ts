import * as actionsCache from '@actions/cache';

/** The slice of `@actions/cache` the action uses: the seam tests replace with an in-memory fake. */
export interface CacheService {
  isFeatureAvailable(): boolean;
  /** Resolves to the key that matched, or `undefined` on a miss; the library logs its own failures and resolves. */
  restoreCache(paths: string[], primaryKey: string, restoreKeys: string[]): Promise<string | undefined>;
  /** Resolves to the entry id, or -1 when nothing was saved; the library logs why and resolves. */
  saveCache(paths: string[], key: string): Promise<number>;
}

export const githubCacheService: CacheService = {
  isFeatureAvailable: () => actionsCache.isFeatureAvailable(),
  restoreCache: (paths, primaryKey, restoreKeys) => actionsCache.restoreCache(paths, primaryKey, restoreKeys),
  saveCache: (paths, key) => actionsCache.saveCache(paths, key),
};

/** Why the cache service cannot be used by this job, or `undefined` when it can. */
export function cacheUnavailableReason(service: CacheService, env: NodeJS.ProcessEnv): string | undefined {
  if (!service.isFeatureAvailable()) return 'the GitHub Actions cache service is not available to this job';
  if (!env['ACTIONS_RUNTIME_TOKEN']) return 'ACTIONS_RUNTIME_TOKEN is not set, so the cache service cannot be reached';
  return undefined;
}
