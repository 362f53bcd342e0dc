import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';
import { MemoryStream } from '../reporters/memory-stream.js';
import { pkg, pnpmWorkspace, tempWorkspace } from '../workspace/temp-workspace.js';

async function fanout(argv: string[], cwd: string) {
  const stdout = new MemoryStream();
  const stderr = new MemoryStream();
  // No git repository above the temp workspace may answer for it: `--affected` must find none and fall back.
  const env = { ...process.env, GIT_CEILING_DIRECTORIES: path.dirname(cwd), FANOUT_BASE: '' };
  const exitCode = await main(argv, { cwd, env, stdout, stderr });
  return { exitCode, stdout: stdout.text, stderr: stderr.text };
}

describe('plans print the selection warnings', () => {
  test('--dry-run warns on stderr that --affected fell back to every package, and still prints the plan', async () => {
    await using ws = await tempWorkspace(pnpmWorkspace({ a: pkg('a', [], { build: 'node -e 0' }) }));
    const result = await fanout(['run', 'build', '--affected', '--dry-run'], ws.root);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('a#build');
    expect(result.stderr).toMatch(/^warning WARN_RUNNER_SELECTION: --affected: /);
  });

  test('--graph warns the same way and keeps stdout to the graph alone', async () => {
    await using ws = await tempWorkspace(pnpmWorkspace({ a: pkg('a', [], { build: 'node -e 0' }) }));
    const result = await fanout(['run', 'build', '--affected', '--graph'], ws.root);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).not.toContain('WARN_RUNNER_SELECTION');
    expect(result.stderr).toMatch(/^warning WARN_RUNNER_SELECTION: /);
  });

  test('a plan without a fallback prints nothing on stderr', async () => {
    await using ws = await tempWorkspace(pnpmWorkspace({ a: pkg('a', [], { build: 'node -e 0' }) }));
    const result = await fanout(['run', 'build', '--dry-run=json'], ws.root);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
  });
});
