import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prestart } from '../../src/cli/prestart.js';

let root = '';

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'fanout-prestart-'));
  await writeFile(path.join(root, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n');
  await writeFile(path.join(root, 'package.json'), '{ "name": "root", "private": true }\n');
  await mkdir(path.join(root, 'packages', 'a'), { recursive: true });
  await writeFile(path.join(root, 'packages', 'a', 'package.json'), '{ "name": "a", "scripts": { "build": "true" } }\n');
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: root });
  execFileSync('git', ['add', '-A'], { cwd: root });
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('prestart', () => {
  it('finds the workspace root from a package folder and lists it with git for a run that reads the cache', async () => {
    const started = prestart(['run', 'build', '--concurrency', '2'], path.join(root, 'packages', 'a'));
    expect(started?.root).toBe(root);
    const { stdout } = await started!.listing;
    expect(stdout.split('\0')).toContain('H 100644 ' + execFileSync('git', ['hash-object', 'packages/a/package.json'], { cwd: root, encoding: 'utf8' }).trim() + ' 0\tpackages/a/package.json');
  });

  it('starts nothing for other commands, or for a run that reads no cache or runs nothing', () => {
    for (const argv of [['cache', 'status'], ['run', 'build', '--no-cache'], ['run', 'build', '--dry-run=json'], ['run', '--graph', 'dot', 'build'], ['run', '-h'], []]) {
      expect(prestart(argv, root)).toBeUndefined();
    }
  });

  it('starts nothing where no workspace is found, and a listing outside git rejects without an unhandled rejection', async () => {
    const bare = await mkdtemp(path.join(tmpdir(), 'fanout-prestart-bare-'));
    try {
      expect(prestart(['run', 'build'], path.parse(bare).root)).toBeUndefined();
      await writeFile(path.join(bare, 'package.json'), '{ "name": "solo" }\n');
      const started = prestart(['run', 'build'], bare);
      expect(started?.root).toBe(bare);
      await expect(started!.listing).rejects.toThrow(/git ls-files/);
    } finally {
      await rm(bare, { recursive: true, force: true });
    }
  });
});
