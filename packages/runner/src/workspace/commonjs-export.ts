/**
 * The `module.exports` of a CommonJS package loaded with `import()`: Node's ESM loader puts it on `default`, which the
 * types (written for `esModuleInterop: false`) do not show. Used for the dependencies loaded lazily, on first need, so
 * that a fully cached run does not pay for their start-up.
 */
export function commonJsExport<T>(loaded: T): T {
  return (loaded as { default?: T }).default ?? loaded;
}
