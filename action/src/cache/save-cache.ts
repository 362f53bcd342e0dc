import * as core from '@actions/core';
import { formatSize } from '@fanout/runner';
import type { CachePlan } from './cache-plan.js';
import type { CacheService } from './cache-service.js';
import { captureWarnings } from './capture-warnings.js';
import { directorySize } from './directory-size.js';

export type SaveOutcome =
  | { saved: true; key: string; bytes: number }
  | { saved: false; reason: 'nothing-new' | 'already-saved' | 'read-only' | 'over-budget' | 'failed'; warning?: string };

/**
 * Saves the task store at the end of the job, under the key and with the exact paths restore used. Only when the
 * run wrote new entries and the store fits the size budget; a refused or failed upload is one warning, never a
 * failed step.
 */
export async function saveTaskCache(plan: CachePlan, entriesWritten: number, service: CacheService, env: NodeJS.ProcessEnv): Promise<SaveOutcome> {
  if (entriesWritten <= 0) {
    core.info('No new task cache entries in this run; nothing to save.');
    return { saved: false, reason: 'nothing-new' };
  }
  if (plan.restoredKey === plan.key) {
    core.info(`Task cache ${plan.key} was restored as is; not saving it again.`);
    return { saved: false, reason: 'already-saved' };
  }
  const mode = (env['ACTIONS_CACHE_MODE'] ?? '').trim().toLowerCase();
  if (mode === 'read' || mode === 'none') {
    core.info(`Task cache not saved: this job's cache mode '${mode}' does not permit writes.`);
    return { saved: false, reason: 'read-only' };
  }
  const bytes = await directorySize(plan.paths);
  if (bytes > plan.maxSizeBytes) {
    const warning = `Task cache not saved: it holds ${formatSize(bytes)}, above cache-max-size ${formatSize(plan.maxSizeBytes)}. Raise cache-max-size, or prune the store with \`fanout cache prune --max-size\`.`;
    core.warning(warning);
    return { saved: false, reason: 'over-budget', warning };
  }

  try {
    const { value: id, warnings, lines } = await captureWarnings(() => service.saveCache(plan.paths, plan.key));
    if (id !== -1) {
      core.info(`Task cache saved as ${plan.key} (${entriesWritten} new entries)`);
      return { saved: true, key: plan.key, bytes };
    }
    if (warnings.length > 0) return { saved: false, reason: 'failed', warning: warnings[0] };
    // The library reported this one as an info line ("Failed to save: …"); it still deserves the one warning.
    const reason = lines.filter((line) => line.startsWith('Failed to save:')).pop()?.slice('Failed to save: '.length);
    const warning = `Task cache not saved: ${reason ?? 'the cache service did not accept the entry'}`;
    core.warning(warning);
    return { saved: false, reason: 'failed', warning };
  } catch (error) {
    const warning = `Task cache not saved: ${error instanceof Error ? error.message : String(error)}`;
    core.warning(warning);
    return { saved: false, reason: 'failed', warning };
  }
}
