import { describe, expect, it } from 'vitest';
import { fixtureRepo, type FileContent, type RunResult } from './rig/fixture-repo.js';

const base: Record<string, FileContent> = {
  'package.json': { name: 'root', private: true },
  'pnpm-workspace.yaml': 'packages:\n  - "packages/*"\n',
  'packages/lib/package.json': { name: 'lib', version: '1.0.0', scripts: { build: 'echo lib' } },
  'packages/app/package.json': { name: 'app', version: '1.0.0', dependencies: { lib: 'workspace:*' }, scripts: { build: 'echo app', test: 'echo test' } },
};

async function fanoutIn(files: Record<string, FileContent>, args = ['run', 'build']): Promise<RunResult & { root: string }> {
  await using repo = await fixtureRepo({ ...base, ...files });
  return { ...(await repo.fanout(args)), root: repo.root };
}

/** Exit code 2, `error <code>:` on stderr, nothing run. */
function expectUsageError(result: RunResult, code: string): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr).toContain(`error ${code}:`);
  expect(result.stdout).toBe('');
}

describe('bad input exits 2 with a coded error', () => {
  it('malformed pnpm-workspace.yaml: ERR_RUNNER_CONFIG with file, line and column', async () => {
    const result = await fanoutIn({ 'pnpm-workspace.yaml': 'packages:\n  - "packages/*\n' });
    expectUsageError(result, 'ERR_RUNNER_CONFIG');
    expect(result.stderr).toMatch(/at \S+pnpm-workspace\.yaml:\d+:\d+/);
  });

  it('malformed package.json: ERR_RUNNER_MANIFEST at the syntax error', async () => {
    const result = await fanoutIn({ 'packages/lib/package.json': '{\n  "name": "lib",\n  "scripts": { "build": "echo" },\n}\n' });
    expectUsageError(result, 'ERR_RUNNER_MANIFEST');
    expect(result.stderr).toContain(`at ${result.root}/packages/lib/package.json:4:1`);
  });

  it('malformed fanout.json: ERR_RUNNER_CONFIG at the syntax error', async () => {
    const result = await fanoutIn({ 'fanout.json': '{ "tasks": { "build": { "dependsOn": ["^build"] } }' });
    expectUsageError(result, 'ERR_RUNNER_CONFIG');
    expect(result.stderr).toContain(`at ${result.root}/fanout.json:1:`);
  });

  it('a wrong value in fanout.json: ERR_RUNNER_CONFIG naming the key path and its line', async () => {
    const result = await fanoutIn({ 'fanout.json': '{\n  "tasks": {\n    "build": { "retries": "twice" }\n  }\n}\n' });
    expectUsageError(result, 'ERR_RUNNER_CONFIG');
    expect(result.stderr).toContain('tasks.build.retries');
    expect(result.stderr).toContain(`at ${result.root}/fanout.json:3:`);
  });

  it('a package.json without a name: ERR_RUNNER_MANIFEST naming the file', async () => {
    const result = await fanoutIn({ 'packages/nameless/package.json': { version: '1.0.0' } });
    expectUsageError(result, 'ERR_RUNNER_MANIFEST');
    expect(result.stderr).toContain('packages/nameless/package.json');
  });

  it('duplicate package names: ERR_RUNNER_DUPLICATE_PACKAGE naming both directories', async () => {
    const result = await fanoutIn({ 'packages/lib2/package.json': { name: 'lib', version: '2.0.0' } });
    expectUsageError(result, 'ERR_RUNNER_DUPLICATE_PACKAGE');
    expect(result.stderr).toContain('packages/lib');
    expect(result.stderr).toContain('packages/lib2');
  });

  it('a workspace: dependency on a package that does not exist: ERR_RUNNER_MISSING_DEPENDENCY', async () => {
    const result = await fanoutIn({ 'packages/app/package.json': { name: 'app', dependencies: { '@x/gone': 'workspace:*' }, scripts: { build: 'echo' } } });
    expectUsageError(result, 'ERR_RUNNER_MISSING_DEPENDENCY');
    expect(result.stderr).toContain('@x/gone');
  });

  it('a script no package has: ERR_RUNNER_UNKNOWN_TASK listing the scripts that exist', async () => {
    const result = await fanoutIn({}, ['run', 'biuld']);
    expectUsageError(result, 'ERR_RUNNER_UNKNOWN_TASK');
    expect(result.stderr).toContain('hint: Scripts that exist: build, test.');
  });

  it('a dependency cycle: ERR_RUNNER_CYCLE naming it', async () => {
    const result = await fanoutIn({ 'packages/lib/package.json': { name: 'lib', dependencies: { app: 'workspace:*' }, scripts: { build: 'echo lib' } } });
    expectUsageError(result, 'ERR_RUNNER_CYCLE');
    expect(result.stderr).toContain('Cycle detected: app#build -> lib#build -> app#build');
  });

  it('a filter that matches nothing: ERR_RUNNER_NO_MATCH', async () => {
    expectUsageError(await fanoutIn({}, ['run', 'build', '--filter', 'ap']), 'ERR_RUNNER_NO_MATCH');
  });
});
