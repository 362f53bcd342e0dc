import type FastGlob from 'fast-glob';

/**
 * fast-glob, loaded on first use: a fully cached run in a git repo never globs, and the module costs more to load
 * than such a run spends on lookups. (It is CommonJS: under Node's ESM loader its function is the `default` export.)
 */
export async function loadFastGlob(): Promise<typeof FastGlob> {
  const loaded = (await import('fast-glob')) as unknown as { default?: typeof FastGlob };
  return loaded.default ?? (loaded as unknown as typeof FastGlob);
}
