/** What restore decided and save must repeat exactly; handed from the main step to the post step through saveState. */
export interface CachePlan {
  /** Identical for restore and save: the cache version is a hash of this list. */
  paths: string[];
  key: string;
  restoreKeys: string[];
  /** The key restore matched, if any. */
  restoredKey: string | undefined;
  maxSizeBytes: number;
}

export function parseCachePlan(text: string): CachePlan | undefined {
  if (text === '') return undefined;
  const plan = JSON.parse(text) as CachePlan;
  return Array.isArray(plan.paths) && typeof plan.key === 'string' ? plan : undefined;
}
