import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { pathMatcher } from '../../src/cache/fingerprint/path-matcher.js';

const FILES = ['dist', 'dist/a.js', 'dist/.hidden/x', 'distx/a.js', 'src/dist/a.js', 'out/index.js', 'out/index.jsx', 'a.txt', 'x/a.txt', 'coverage/lcov.info', '.env', 'gen/a.ts', 'gen/b/c.ts'];

describe('path matcher', () => {
  it.each([
    [['dist', 'dist/**']],
    [['out/index.js']],
    [['a.txt', '.env']],
    [['coverage/**', 'gen/*.ts']],
    [['**/*.js']],
    [['./dist', 'dist/', 'x/../a.txt']],
    [['{dist,out}/**', '!gen/**']],
    [[]],
  ])('matches %j exactly as picomatch with dot: true does', async (patterns) => {
    const matcher = await pathMatcher(patterns);
    const expected = patterns.length === 0 ? () => false : picomatch(patterns, { dot: true });
    expect(FILES.filter(matcher)).toEqual(FILES.filter((file) => expected(file)));
  });
});
