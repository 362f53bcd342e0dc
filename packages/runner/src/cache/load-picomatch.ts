import type Picomatch from 'picomatch';

/**
 * picomatch, loaded on first use: most tasks declare no env wildcards and only plain-path outputs, and a fully
 * cached run would otherwise spend more on loading it than on its lookups. (It is CommonJS: under Node's ESM loader
 * and in the CLI bundle its function is the `default` export.)
 */
export async function loadPicomatch(): Promise<typeof Picomatch> {
  const loaded = (await import('picomatch')) as unknown as { default?: typeof Picomatch };
  return loaded.default ?? (loaded as unknown as typeof Picomatch);
}
