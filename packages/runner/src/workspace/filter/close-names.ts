/** Up to `limit` of `names` closest to `wanted` by edit distance (scope ignored), for "did you mean" hints. */
export function closeNames(wanted: string, names: readonly string[], limit = 3): string[] {
  const bare = (name: string) => name.replace(/^@[^/]+\//, '').toLowerCase();
  const target = bare(wanted.replace(/\*/g, ''));
  const threshold = Math.max(1, Math.floor(target.length / 3));
  return names
    .map((name) => ({ name, distance: Math.min(distance(target, bare(name)), distance(wanted.toLowerCase(), name.toLowerCase())) }))
    .filter(({ name, distance: d }) => d <= threshold || (target.length >= 3 && bare(name).includes(target)))
    .sort((a, b) => a.distance - b.distance || (a.name < b.name ? -1 : 1))
    .slice(0, limit)
    .map(({ name }) => name);
}

/** Optimal string alignment distance: Levenshtein where swapping two neighbours (`utlis`) costs 1, as typos do. */
function distance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      row[j] = best;
    }
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}
