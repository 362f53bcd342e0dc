import { RunnerError } from '../../errors.js';
import { commonJsExport } from '../commonjs-export.js';

/** Whether a changed file (a `/`-separated path relative to the workspace root) is left out of `[ref]` filters. */
export type IsIgnoredChange = (relativePath: string) => boolean;

/**
 * Checks pnpm's `--changed-files-ignore-pattern` globs before anything runs: an empty one is a slip (an unset shell
 * variable, a stray `=`), and picomatch would only reject it once a `[ref]` filter needs it, or never.
 * `option` names the flag or the RunOptions field, whichever the user wrote.
 */
export function checkChangedFilesIgnorePatterns(patterns: unknown, option: string): asserts patterns is readonly string[] {
  if (!Array.isArray(patterns)) {
    throw new RunnerError('ERR_RUNNER_USAGE', `Expected \`${option}\` to be an array of globs, got \`${String(patterns)}\` (${typeof patterns})`, {
      hint: 'e.g. `["**/*.md", "docs/**"]`.',
    });
  }
  for (const pattern of patterns as unknown[]) {
    if (typeof pattern !== 'string' || pattern.trim() === '') {
      const shown = typeof pattern === 'string' ? `\`${pattern}\` (${pattern === '' ? 'empty string' : 'only whitespace'})` : `\`${String(pattern)}\` (${typeof pattern})`;
      throw new RunnerError('ERR_RUNNER_USAGE', `Expected \`${option}\` to be a non-empty glob, got ${shown}`, {
        hint: 'Globs are relative to the workspace root, e.g. `--changed-files-ignore-pattern "**/*.md"`.',
      });
    }
  }
}

/**
 * The test for changed files that `[ref]` filters and `--affected` leave out, as pnpm's
 * `--changed-files-ignore-pattern` does: a file matching any of the globs (relative to the workspace root; `dot: true`,
 * so a glob also reaches into `.changeset/` and `.github/`) neither selects its package nor counts as a workspace-wide
 * root change.
 * Without patterns, nothing is ignored and picomatch is not loaded.
 */
export async function ignoredChangedFiles(patterns: readonly string[]): Promise<IsIgnoredChange> {
  if (patterns.length === 0) return () => false;
  const picomatch = commonJsExport(await import('picomatch'));
  return picomatch([...patterns], { dot: true });
}

/**
 * The test for changed files that are the config's `globalDependencies` (root-relative globs; `!` ones remove), which
 * mark every package as changed. Without globs, picomatch is not loaded.
 */
export async function globalDependencyFiles(globs: readonly string[]): Promise<IsIgnoredChange> {
  const positive = globs.filter((glob) => !glob.startsWith('!'));
  if (positive.length === 0) return () => false;
  const picomatch = commonJsExport(await import('picomatch'));
  const ignore = globs.filter((glob) => glob.startsWith('!')).map((glob) => glob.slice(1));
  return picomatch(positive, { dot: true, ...(ignore.length > 0 ? { ignore } : {}) });
}
