import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { joinPath } from '../src/join-path.js';

describe('joinPath', () => {
  it('gives what path.join gives for a normalised folder and a plain relative name', () => {
    for (const [dir, name] of [
      ['/repo', 'package.json'],
      ['/repo/node_modules/.cache/fanout', 'logs'],
      ['/repo', 'packages/ui'],
      ['/', 'repo'],
      ['/repo/logs/2026-01-01T00-00-00-000Z-ab12', 'acme_ui#build.log'],
    ] as const) {
      expect(joinPath(dir, name)).toBe(path.join(dir, name));
    }
  });
});
