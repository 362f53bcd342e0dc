import * as core from '@actions/core';
import { parseCachePlan } from './cache/cache-plan.js';
import { githubCacheService, type CacheService } from './cache/cache-service.js';
import { saveTaskCache } from './cache/save-cache.js';
import { State } from './constants.js';

/** The post step: save the task store when the run wrote new entries. It never fails the job. */
export async function runPost(service: CacheService = githubCacheService, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  try {
    const plan = parseCachePlan(core.getState(State.CachePlan));
    if (!plan) return;
    await saveTaskCache(plan, Number(core.getState(State.EntriesWritten) || '0'), service, env);
  } catch (error) {
    core.warning(`Task cache not saved: ${error instanceof Error ? error.message : String(error)}`);
  }
}
