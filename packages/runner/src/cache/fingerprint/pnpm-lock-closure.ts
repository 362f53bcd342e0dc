type Entry = Record<string, unknown>;
type Deps = Record<string, unknown>;

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies'] as const;

/**
 * The parts of a parsed `pnpm-lock.yaml` (v5 to v9) that decide what `relativeDir`'s package installs: its
 * importer entry and every package/snapshot entry it reaches, as key → entry. `undefined` when the lockfile has
 * no importer for the package (the caller then hashes the whole file).
 */
export function pnpmLockClosure(lock: Entry, relativeDir: string): Map<string, unknown> | undefined {
  const importers = record(lock['importers']);
  // A single-package lockfile (no `importers`) keeps the root's dependencies at the top level.
  const importer = importers ? record(importers[relativeDir]) : relativeDir === '.' ? lock : undefined;
  if (!importer) return undefined;

  const packages = record(lock['packages']) ?? {};
  const snapshots = record(lock['snapshots']) ?? {};
  const closure = new Map<string, unknown>();
  closure.set(`importer:${relativeDir}`, pick(importer, ['specifiers', ...DEPENDENCY_FIELDS, 'dependenciesMeta', 'publishDirectory']));
  for (const field of ['lockfileVersion', 'settings', 'overrides', 'packageExtensionsChecksum', 'patchedDependencies', 'pnpmfileChecksum']) {
    if (lock[field] !== undefined) closure.set(`lock:${field}`, lock[field]);
  }

  const queue: Array<[string, string]> = [];
  const enqueue = (deps: unknown) => {
    for (const [name, spec] of Object.entries(record(deps) ?? {})) {
      // v6+ importers write `{ specifier, version }`; older ones and snapshots write the version directly.
      const version = typeof spec === 'string' ? spec : record(spec)?.['version'];
      if (typeof version === 'string' && !version.startsWith('link:')) queue.push([name, version]);
    }
  };
  for (const field of DEPENDENCY_FIELDS) enqueue(importer[field]);

  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    const [name, version] = next;
    for (const key of candidateKeys(name, version)) {
      const snapshot = record(snapshots[key]);
      const pkg = record(packages[key]) ?? record(packages[withoutPeers(key)]);
      if (!snapshot && !pkg) continue;
      if (closure.has(`package:${key}`)) break;
      closure.set(`package:${key}`, { package: pkg ?? null, snapshot: snapshot ?? null });
      for (const source of [pkg, snapshot]) {
        if (source) for (const field of ['dependencies', 'optionalDependencies'] as const) enqueue(source[field]);
      }
      break;
    }
  }
  return closure;
}

/** v9: `name@1.0.0(peer@2)`; v6: `/name@1.0.0`; v5: `/name/1.0.0`; aliases and URLs carry their key as the version. */
function candidateKeys(name: string, version: string): string[] {
  return [`${name}@${version}`, version, `/${name}@${version}`, `/${name}/${version}`];
}

function withoutPeers(key: string): string {
  const paren = key.indexOf('(');
  return paren === -1 ? key : key.slice(0, paren);
}

function record(value: unknown): Deps | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Deps) : undefined;
}

function pick(source: Entry, fields: readonly string[]): Entry {
  const result: Entry = {};
  for (const field of fields) if (source[field] !== undefined) result[field] = source[field];
  return result;
}
