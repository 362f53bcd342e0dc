import { describe, expect, it } from 'vitest';
import { binDirectories, npmEnv, npmEnvFor } from '../../src/executor/npm-env.js';
import { scriptCommandLine, shellQuote } from '../../src/executor/shell-quote.js';
import type { Task } from '../../src/model/task.js';
import type { TaskId } from '../../src/model/task-id.js';

const task: Task = {
  id: '@acme/ui#test' as TaskId,
  packageName: '@acme/ui',
  dir: '/repo/packages/ui',
  script: 'test',
  command: 'vitest run',
  args: [],
  dependencies: [],
  config: {},
};

describe('npm environment', () => {
  it('puts the package, its ancestors and the root node_modules/.bin first on PATH', () => {
    expect(binDirectories('/repo/packages/ui', '/repo')).toEqual([
      '/repo/packages/ui/node_modules/.bin',
      '/repo/packages/node_modules/.bin',
      '/repo/node_modules/.bin',
    ]);
    const env = npmEnv({ task, version: '1.0.0', manifestPath: '/repo/packages/ui/package.json', root: '/repo', initCwd: '/repo', env: { PATH: '/usr/bin' } });
    expect(env['PATH']).toBe('/repo/packages/ui/node_modules/.bin:/repo/packages/node_modules/.bin:/repo/node_modules/.bin:/usr/bin');
  });

  it('sets the npm_* variables scripts read and leaves NODE alone', () => {
    const env = npmEnv({
      task,
      version: '1.0.0',
      manifestPath: '/repo/packages/ui/package.json',
      root: '/repo',
      initCwd: '/repo/packages',
      env: { NODE: '/custom/node', npm_config_user_agent: 'pnpm/10.34.8 npm/? node/v20.20.2 linux x64' },
    });
    expect(env).toMatchObject({
      NODE: '/custom/node',
      npm_lifecycle_event: 'test',
      npm_lifecycle_script: 'vitest run',
      npm_package_name: '@acme/ui',
      npm_package_version: '1.0.0',
      npm_package_json: '/repo/packages/ui/package.json',
      npm_config_user_agent: 'pnpm/10.34.8 npm/? node/v20.20.2 linux x64',
      npm_node_execpath: process.execPath,
      INIT_CWD: '/repo/packages',
    });
  });

  it('gives every task of a run its own environment, built from the one the run started with', () => {
    const inherited: NodeJS.ProcessEnv = { PATH: '/usr/bin', npm_package_version: '9.9.9', UNSET: undefined };
    const envOf = npmEnvFor({ root: '/repo', initCwd: '/repo', env: inherited });
    const ui = envOf({ task, version: '1.0.0', manifestPath: '/repo/packages/ui/package.json' });
    const api = envOf({ task: { ...task, packageName: '@acme/api', dir: '/repo/packages/api', script: 'build' }, version: undefined, manifestPath: '/repo/packages/api/package.json' });
    ui['MUTATED_BY_A_CALLER'] = '1';
    inherited['LATER'] = 'x';
    const again = envOf({ task, version: '1.0.0', manifestPath: '/repo/packages/ui/package.json' });
    expect(api['PATH']).toBe('/repo/packages/api/node_modules/.bin:/repo/packages/node_modules/.bin:/repo/node_modules/.bin:/usr/bin');
    expect(api).toMatchObject({ npm_lifecycle_event: 'build', npm_package_name: '@acme/api', npm_package_json: '/repo/packages/api/package.json' });
    // No version: an inherited npm_package_version (fanout run from a package script) must not leak into the task.
    expect(api).not.toHaveProperty('npm_package_version');
    expect(api).not.toHaveProperty('UNSET');
    expect(again).toEqual(npmEnv({ task, version: '1.0.0', manifestPath: '/repo/packages/ui/package.json', root: '/repo', initCwd: '/repo', env: { PATH: '/usr/bin' } }));
  });
});

describe('shell quoting', () => {
  it('leaves plain words alone and single-quotes the rest', () => {
    expect(shellQuote('--watch=false')).toBe('--watch=false');
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('')).toBe("''");
    expect(scriptCommandLine('vitest run', ['-t', 'adds numbers'])).toBe("vitest run -t 'adds numbers'");
  });
});
