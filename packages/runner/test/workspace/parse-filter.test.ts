import { describe, expect, test } from 'vitest';
import { parseFilter } from '../../src/workspace/filter/parse-filter.js';

const cwd = '/repo';
const flags = { exclude: false, includeDependencies: false, includeDependents: false, excludeSelf: false };

describe('parseFilter', () => {
  test.each([
    ['@scope/*', { namePattern: '@scope/*' }],
    ['foo...', { namePattern: 'foo', includeDependencies: true }],
    ['foo^...', { namePattern: 'foo', includeDependencies: true, excludeSelf: true }],
    ['...foo', { namePattern: 'foo', includeDependents: true }],
    ['...^foo', { namePattern: 'foo', includeDependents: true, excludeSelf: true }],
    ['...foo...', { namePattern: 'foo', includeDependents: true, includeDependencies: true }],
    ['!foo', { namePattern: 'foo', exclude: true }],
    ['./packages/a', { parentDir: '/repo/packages/a' }],
    ['../other', { parentDir: '/other' }],
    ['.', { parentDir: '/repo' }],
    ['{packages/**}', { parentDir: '/repo/packages/**' }],
    ['[origin/main]', { diff: 'origin/main' }],
    ['...[origin/main]', { diff: 'origin/main', includeDependents: true }],
    ['...{packages/**}[origin/main]', { parentDir: '/repo/packages/**', diff: 'origin/main', includeDependents: true }],
    ['{packages/**}[origin/main]...', { parentDir: '/repo/packages/**', diff: 'origin/main', includeDependencies: true }],
    ['app...[HEAD~2]', { namePattern: 'app', diff: 'HEAD~2', includeDependencies: true }],
    ['app^...{./apps}', { namePattern: 'app', parentDir: '/repo/apps', includeDependencies: true, excludeSelf: true }],
    ['@x/*{./libs/*}[main]', { namePattern: '@x/*', parentDir: '/repo/libs/*', diff: 'main' }],
  ])('`%s`', (raw, expected) => {
    expect(parseFilter(raw, cwd)).toEqual({ raw, ...flags, ...expected });
  });

  test.each(['', '...', '!', '^...', 'a{b', '[main', 'x]', 'name[ref]{dir}'])('`%s` is ERR_RUNNER_FILTER', (raw) => {
    expect(() => parseFilter(raw, cwd)).toThrow(expect.objectContaining({ code: 'ERR_RUNNER_FILTER' }));
  });
});
