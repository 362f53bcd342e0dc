import * as path from 'node:path';
import { RunnerError } from '../../errors.js';

/** One `--filter` selector, parsed the way pnpm's `parsePackageSelector` does. */
export interface PackageSelector {
  /** The text as given, for messages. */
  raw: string;
  /** `!…`: subtract what this selects from the union of the others. */
  exclude: boolean;
  /** `pkg...`: with the packages it depends on, transitively. */
  includeDependencies: boolean;
  /** `...pkg`: with the packages that depend on it, transitively. */
  includeDependents: boolean;
  /** `pkg^...` / `...^pkg`: the dependencies (dependents) only, not the matched packages themselves. */
  excludeSelf: boolean;
  /** Package name glob, `*` matching any characters (`@scope/*`). */
  namePattern?: string;
  /** Absolute directory (or directory glob) from `./dir` or `{dir}`, resolved against the cwd. */
  parentDir?: string;
  /** Git ref from `[ref]`: packages with files changed since it. */
  diff?: string;
}

const SELECTOR = /^([^.{}[\]][^{}[\]]*)?(\{[^}]+\})?(\[[^\]]+\])?$/;

/** Parses a `--filter` value; throws ERR_RUNNER_FILTER on text no selector form accepts. */
export function parseFilter(raw: string, cwd: string): PackageSelector {
  let rest = raw.trim();
  const selector: PackageSelector = { raw, exclude: false, includeDependencies: false, includeDependents: false, excludeSelf: false };
  if (rest.startsWith('!')) {
    selector.exclude = true;
    rest = rest.slice(1);
  }
  if (rest.endsWith('...')) {
    selector.includeDependencies = true;
    rest = rest.slice(0, -3);
    if (rest.endsWith('^')) {
      selector.excludeSelf = true;
      rest = rest.slice(0, -1);
    }
  }
  if (rest.startsWith('...')) {
    selector.includeDependents = true;
    rest = rest.slice(3);
    if (rest.startsWith('^')) {
      selector.excludeSelf = true;
      rest = rest.slice(1);
    }
  }
  // turbo's `pkg...[ref]` / `pkg^...{dir}`: the dependency marker may also close the name part.
  const inner = /^([^{[]*?)(\^?)\.\.\.(?=[{[])/.exec(rest);
  if (inner !== null && !selector.includeDependencies) {
    selector.includeDependencies = true;
    selector.excludeSelf ||= inner[2] === '^';
    rest = `${inner[1] ?? ''}${rest.slice(inner[0].length)}`;
  }
  if (rest === '') throw invalid(raw, 'it names no package, directory or git ref');

  const match = SELECTOR.exec(rest);
  if (match === null) {
    if (isLocation(rest)) return { ...selector, parentDir: path.resolve(cwd, rest) };
    if (/[{}[\]]/.test(rest)) throw invalid(raw, 'its `{dir}` or `[ref]` part is unbalanced or out of order (name, then {dir}, then [ref])');
    return { ...selector, namePattern: rest };
  }
  const [, name, dir, ref] = match;
  if (name !== undefined) selector.namePattern = name;
  if (dir !== undefined) selector.parentDir = path.resolve(cwd, dir.slice(1, -1));
  if (ref !== undefined) selector.diff = ref.slice(1, -1);
  return selector;
}

/** `.`, `..`, `./x`, `../x` (and the backslash forms): a directory, not a name. */
function isLocation(text: string): boolean {
  return /^\.\.?(?:$|[/\\])/.test(text);
}

function invalid(raw: string, why: string): RunnerError {
  return new RunnerError('ERR_RUNNER_FILTER', `Invalid --filter \`${raw}\`: ${why}`, {
    hint: 'Forms: `name`, `@scope/*`, `./dir`, `{./dir/*}`, `[ref]`, with `...` before/after (dependents/dependencies), `^` to leave the package itself out, and a leading `!` to exclude.',
  });
}
