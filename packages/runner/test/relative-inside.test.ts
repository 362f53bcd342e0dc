import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { relativeInside } from '../src/relative-inside.js';

describe('relativeInside', () => {
  const root = path.resolve('/work/repo');

  it('gives the POSIX path of a folder inside, and an empty one for the folder itself', () => {
    expect(relativeInside(root, path.join(root, 'packages', 'a'))).toBe('packages/a');
    expect(relativeInside(root, root)).toBe('');
    expect(relativeInside(`${root}${path.sep}`, path.join(root, 'b'))).toBe('b');
  });

  it('is undefined for folders outside, including siblings that share the prefix', () => {
    expect(relativeInside(root, path.resolve('/work/repository/a'))).toBeUndefined();
    expect(relativeInside(root, path.resolve('/work'))).toBeUndefined();
    expect(relativeInside(root, path.resolve('/elsewhere'))).toBeUndefined();
  });

  it('resolves paths that are not normalised the way path.relative does', () => {
    expect(relativeInside(root, `${root}${path.sep}packages${path.sep}..${path.sep}..${path.sep}x`)).toBeUndefined();
    expect(relativeInside(root, `${root}${path.sep}.${path.sep}a`)).toBe('a');
    expect(relativeInside(root, path.join(root, '.config', 'x'))).toBe('.config/x');
    expect(relativeInside(root, path.join(root, '..x'))).toBe('..x');
  });
});
