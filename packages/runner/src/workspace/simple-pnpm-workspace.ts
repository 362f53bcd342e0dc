/**
 * `- "glob"`, `- 'glob'` or `- glob`: a plain scalar that cannot be a YAML tag, alias, flow collection or comment.
 * A plain one is taken when it holds a `/` or `*`, or starts with a letter (then YAML can read it as a number no
 * more, and the words it would read as a boolean or null are turned away below).
 */
const ITEM = /^( *)- +(?:"([^"\\]+)"|'([^']+)'|((?=\S*[/*])[\w./][\w./*-]*|[A-Za-z][\w.-]*)) *$/;
/** Plain words YAML 1.2 (and 1.1, which pnpm's own reader may follow) reads as booleans or null. */
const NOT_STRINGS = /^(?:true|false|null|yes|no|on|off|y|n)$/i;
const PACKAGES_KEY = /^packages: *$/;
/** Any other top-level key, with its value on the line or below it (pnpm's settings: `onlyBuiltDependencies:` …). */
const OTHER_KEY = /^[A-Za-z_][\w-]*:(?: .*)?$/;
/** A line inside another key's value: indented with spaces, or a block list item at the key's own column. */
const OTHER_VALUE = /^(?: +\S|- |-$)/;
const IGNORED = /^\s*(#.*)?$/;

/**
 * The `packages` globs of a pnpm-workspace.yaml in its usual shape — a `packages:` key over a block list of globs,
 * beside other top-level keys (pnpm settings) whose values are not read, with comments and blank lines — without the
 * YAML parser, whose start-up (~90 ms here) would be a third of a fully cached run. Anything else (flow lists, escapes,
 * anchors, tabs, document markers, a repeated or missing `packages`, an empty list) returns undefined, and the
 * caller parses the file properly.
 */
export function simplePnpmWorkspaceGlobs(text: string): string[] | undefined {
  const globs: string[] = [];
  let section: 'none' | 'packages' | 'other' = 'none';
  let seenPackages = false;
  let indent: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (IGNORED.test(line)) continue;
    if (PACKAGES_KEY.test(line)) {
      if (seenPackages) return undefined;
      seenPackages = true;
      section = 'packages';
      continue;
    }
    if (OTHER_KEY.test(line) && !line.startsWith('packages:')) {
      section = 'other';
      continue;
    }
    if (section === 'other' && OTHER_VALUE.test(line) && !line.includes('\t')) continue;
    const item = section === 'packages' ? ITEM.exec(line) : null;
    if (item === null) return undefined;
    indent ??= item[1];
    if (item[1] !== indent) return undefined;
    const glob = item[2] ?? item[3] ?? item[4] ?? '';
    if (item[4] !== undefined && NOT_STRINGS.test(glob)) return undefined;
    globs.push(glob);
  }
  return globs.length > 0 ? globs : undefined;
}
