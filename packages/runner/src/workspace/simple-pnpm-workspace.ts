/**
 * `- "glob"`, `- 'glob'` or `- glob`: a plain scalar that cannot be a YAML tag, alias, flow collection or comment,
 * and holds a `/` or `*`, so that YAML cannot read it as a number, boolean or null either.
 */
const ITEM = /^(\s*)- +(?:"([^"\\]+)"|'([^']+)'|((?=[^\s]*[/*])[\w./][\w./*-]*)) *$/;
const PACKAGES_KEY = /^packages: *$/;
const IGNORED = /^\s*(#.*)?$/;

/**
 * The `packages` globs of a pnpm-workspace.yaml in its usual shape — only a `packages:` key over a block list of
 * globs, with comments and blank lines — without the YAML parser, whose start-up (~90 ms here) would be a third of a
 * fully cached run. Anything else (other keys, flow lists, escapes, anchors, an empty list) returns undefined, and
 * the caller parses the file properly.
 */
export function simplePnpmWorkspaceGlobs(text: string): string[] | undefined {
  const globs: string[] = [];
  let inPackages = false;
  let indent: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (IGNORED.test(line)) continue;
    if (PACKAGES_KEY.test(line) && !inPackages) {
      inPackages = true;
      continue;
    }
    const item = inPackages ? ITEM.exec(line) : null;
    if (item === null) return undefined;
    indent ??= item[1];
    if (item[1] !== indent) return undefined;
    globs.push(item[2] ?? item[3] ?? item[4] ?? '');
  }
  return globs.length > 0 ? globs : undefined;
}
