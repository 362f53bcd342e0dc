type Entry = Record<string, unknown>;

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;

/**
 * The entries of a parsed `package-lock.json` (v2/v3, with `packages`) that `relativeDir`'s package installs,
 * found with Node's resolution (own `node_modules`, then each parent's), as install path → entry. `undefined`
 * for a v1 lockfile or a package the lockfile does not know.
 */
export function npmLockClosure(lock: Entry, relativeDir: string): Map<string, unknown> | undefined {
  const packages = record(lock['packages']);
  const start = relativeDir === '.' ? '' : relativeDir;
  const root = packages ? record(packages[start]) : undefined;
  if (!packages || !root) return undefined;

  const closure = new Map<string, unknown>([[`importer:${start}`, root]]);
  const queue: Array<[string, Entry]> = [[start, root]];
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    const [from, entry] = next;
    const isImporter = from === start;
    for (const field of DEPENDENCY_FIELDS) {
      // Only the package itself installs its dev dependencies.
      if (field === 'devDependencies' && !isImporter) continue;
      for (const name of Object.keys(record(entry[field]) ?? {})) {
        const found = resolve(packages, from, name);
        if (!found || closure.has(found.path)) continue;
        closure.set(found.path, found.entry);
        // A workspace package is linked: its own closure is its own fingerprint's business.
        if (found.entry['link'] !== true) queue.push([found.path, found.entry]);
      }
    }
  }
  return closure;
}

function resolve(packages: Entry, from: string, name: string): { path: string; entry: Entry } | undefined {
  const segments = from === '' ? [] : from.split('/');
  for (let length = segments.length; length >= 0; length--) {
    // `a/node_modules` is not a package folder: Node never looks in `a/node_modules/node_modules`.
    if (length > 0 && segments[length - 1] === 'node_modules') continue;
    const dir = segments.slice(0, length).join('/');
    const candidate = `${dir === '' ? '' : `${dir}/`}node_modules/${name}`;
    const entry = record(packages[candidate]);
    if (entry) return { path: candidate, entry };
  }
  return undefined;
}

function record(value: unknown): Entry | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Entry) : undefined;
}
