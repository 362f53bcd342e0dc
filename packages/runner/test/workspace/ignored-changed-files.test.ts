import { describe, expect, test } from 'vitest';
import { RunnerError } from '../../src/errors.js';
import { checkChangedFilesIgnorePatterns, ignoredChangedFiles } from '../../src/workspace/filter/ignored-changed-files.js';

function usageError(patterns: unknown): RunnerError {
  try {
    checkChangedFilesIgnorePatterns(patterns, '--changed-files-ignore-pattern');
  } catch (error) {
    expect(error).toBeInstanceOf(RunnerError);
    return error as RunnerError;
  }
  throw new Error('expected a usage error');
}

describe('ignoredChangedFiles', () => {
  test('a `**` glob matches at the root, inside packages and inside dot directories', async () => {
    const isIgnored = await ignoredChangedFiles(['**/*.md']);
    expect(['README.md', 'packages/a/README.md', '.changeset/brave-fox.md', 'packages/a/.github/notes.md'].filter(isIgnored)).toHaveLength(4);
    expect(isIgnored('packages/a/src/index.ts')).toBe(false);
    expect(isIgnored('packages/a/README.mdx')).toBe(false);
  });

  test('globs are anchored at the workspace root, with or without a leading ./', async () => {
    const isIgnored = await ignoredChangedFiles(['docs/**', './examples/**']);
    expect(isIgnored('docs/guide/intro.ts')).toBe(true);
    expect(isIgnored('examples/basic/index.ts')).toBe(true);
    expect(isIgnored('packages/a/docs/intro.md')).toBe(false);
  });

  test('a file matching any one of several globs is ignored', async () => {
    const isIgnored = await ignoredChangedFiles(['*.md', 'pnpm-lock.yaml']);
    expect(isIgnored('CHANGELOG.md')).toBe(true);
    expect(isIgnored('pnpm-lock.yaml')).toBe(true);
    expect(isIgnored('packages/a/CHANGELOG.md')).toBe(false);
  });

  test('no globs ignore nothing', async () => {
    const isIgnored = await ignoredChangedFiles([]);
    expect(isIgnored('README.md')).toBe(false);
  });
});

describe('checkChangedFilesIgnorePatterns', () => {
  test('accepts non-empty globs', () => {
    expect(() => checkChangedFilesIgnorePatterns(['**/*.md', 'docs/**'], 'changedFilesIgnorePattern')).not.toThrow();
    expect(() => checkChangedFilesIgnorePatterns([], 'changedFilesIgnorePattern')).not.toThrow();
  });

  test('an empty or blank glob is ERR_RUNNER_USAGE naming the option and the value', () => {
    const error = usageError(['**/*.md', '']);
    expect(error.code).toBe('ERR_RUNNER_USAGE');
    expect(error.message).toBe('Expected `--changed-files-ignore-pattern` to be a non-empty glob, got `` (empty string)');
    expect(usageError(['  ']).code).toBe('ERR_RUNNER_USAGE');
  });

  test('a value that is not an array of strings is ERR_RUNNER_USAGE with its type', () => {
    expect(usageError('**/*.md').message).toBe('Expected `--changed-files-ignore-pattern` to be an array of globs, got `**/*.md` (string)');
    expect(usageError([42]).message).toBe('Expected `--changed-files-ignore-pattern` to be a non-empty glob, got `42` (number)');
  });
});
