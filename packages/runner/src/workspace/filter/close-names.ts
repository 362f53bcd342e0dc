/** Up to `limit` of `names` closest to `wanted` by edit distance (scope ignored), for "did you mean" hints. */
export function closeNames(wanted: string, names: readonly string[], limit = 3): string[] {
  const bare = (name: string) => name.replace(/^@[^/]+\//, '').toLowerCase();
  const target = bare(wanted.replace(/\*/g, ''));
  const threshold = Math.max(2, Math.floor(target.length / 3));
  return names
    .map((name) => ({ name, distance: Math.min(distance(target, bare(name)), distance(wanted.toLowerCase(), name.toLowerCase())) }))
    .filter(({ name, distance: d }) => d <= threshold || (target.length >= 3 && bare(name).includes(target)))
    .sort((a, b) => a.distance - b.distance || (a.name < b.name ? -1 : 1))
    .slice(0, limit)
    .map(({ name }) => name);
}

/** Levenshtein distance, two rows. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
