import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { actionJob, commands, type ActionJob } from './action-harness.js';
import { failingWorkspace, passingWorkspace } from './action-fixtures.js';
import { fixtureRepo, type FixtureRepo } from './rig/fixture-repo.js';

// Several real action steps per test on a shared 2-core machine; each step is also bounded by its own timeout.
const STEP_BUDGET_MS = 240_000;

// No cache service in these tests: the cache input stays on and must degrade to one warning.
const disposables: AsyncDisposable[] = [];
afterEach(async () => {
  for (const item of disposables.splice(0).reverse()) await item[Symbol.asyncDispose]();
});

async function setup(files: Parameters<typeof fixtureRepo>[0]): Promise<{ repo: FixtureRepo; job: ActionJob }> {
  const repo = await fixtureRepo(files);
  const job = await actionJob(repo.root);
  disposables.push(repo, job);
  return { repo, job };
}

describe('the action on a passing workspace', { timeout: STEP_BUDGET_MS }, () => {
  it('runs every task, groups each one, writes outputs and a job summary, and exits 0', async () => {
    const { job } = await setup(passingWorkspace());
    const main = await job.step('main', { inputs: { tasks: 'lint test build', concurrency: '2' } });

    expect(main.code, main.stdout + main.stderr).toBe(0);
    expect(main.outputs).toMatchObject({ 'tasks-total': '6', 'tasks-failed': '0', 'failed-tasks': '[]', 'cache-hits': '0' });
    expect(Number(main.outputs['duration-ms'])).toBeGreaterThan(0);
    const report = JSON.parse(await readFile(main.outputs['summary-path'] ?? '', 'utf8')) as { tasks: unknown[] };
    expect(report.tasks).toHaveLength(6);

    const groups = commands(main.stdout, 'group');
    expect(groups).toHaveLength(6);
    for (const group of groups) expect(group).toMatch(/^::group::(lib|app)#(lint|test|build) · PoolWorker-\d+ · pid \d+ · ✓ · \d/);
    expect(commands(main.stdout, 'endgroup')).toHaveLength(6);
    expect(main.stdout).toMatch(/::group::lib#build[^\n]*\nbuilt lib\n::endgroup::/);
    expect(commands(main.stdout, 'error')).toEqual([]);

    expect(main.summary).toContain('**✓ 6 tasks passed**');
    expect(main.summary).toMatch(/^\| <code>lib#build<\/code> \| ✓ success \| \d[^|]* \| PoolWorker-\d+ \| \d+ \| miss \|$/m);
    expect(main.summary).toMatch(/```mermaid\ngantt\n  dateFormat x\n  axisFormat %M:%S\n  section PoolWorker-1\n/);
  });

  it('with only, runs the named scripts without the builds they wait for', async () => {
    const { job } = await setup(passingWorkspace());
    const main = await job.step('main', { inputs: { tasks: 'test', only: 'true', cache: 'false' } });
    expect(main.code, main.stdout + main.stderr).toBe(0);
    expect(main.outputs).toMatchObject({ 'tasks-total': '2', 'tasks-failed': '0' });
    expect(commands(main.stdout, 'group').map((group) => group.split(' ')[0]).sort()).toEqual(['::group::app#test', '::group::lib#test']);
  });

  it('gives one warning about the missing cache service and nothing for the post step to save', async () => {
    const { job } = await setup(passingWorkspace());
    const main = await job.step('main', { inputs: { tasks: 'build' } });
    expect(main.code).toBe(0);
    expect(commands(main.stdout, 'warning')).toHaveLength(1);
    expect(main.summary).toContain('> [!WARNING]');

    const post = await job.step('post', { state: main.state });
    expect(post.code).toBe(0);
    expect(post.stdout).toBe('');
  });
});

describe('the action with affected and changed-files-ignore-pattern', { timeout: STEP_BUDGET_MS }, () => {
  it('runs what a change touched, and nothing when every changed file matches an ignore glob', async () => {
    const { repo, job } = await setup(passingWorkspace());
    await repo.gitInit();
    await repo.git('checkout', '-q', '-b', 'docs');
    await repo.write({ 'packages/lib/README.md': '# lib\n' });
    await repo.git('add', '-A');
    await repo.git('commit', '-q', '-m', 'docs only');
    const env = { FANOUT_BASE: 'main' };

    const touched = await job.step('main', { inputs: { tasks: 'lint', affected: 'true', cache: 'false' }, env });
    expect(touched.code, touched.stdout + touched.stderr).toBe(0);
    // lib changed; app depends on lib, so `affected` takes it too.
    expect(touched.outputs['tasks-total']).toBe('2');

    const ignored = await job.step('main', {
      inputs: { tasks: 'lint', affected: 'true', cache: 'false', 'changed-files-ignore-pattern': 'docs/**\n\n  **/*.md  \n' },
      env,
    });
    expect(ignored.code, ignored.stdout + ignored.stderr).toBe(0);
    expect(ignored.outputs['tasks-total']).toBe('0');
  });
});

describe('the action in a cancelled job', { timeout: STEP_BUDGET_MS }, () => {
  it('kills the running tasks on SIGTERM, reports the run as interrupted and fails the step', async () => {
    const { repo, job } = await setup(passingWorkspace());
    await repo.write({
      'packages/lib/lint.cjs': "require('node:fs').writeFileSync('started.pid', String(process.pid)); setTimeout(() => {}, 120_000);\n",
    });
    const main = await job.step('main', {
      inputs: { tasks: 'lint', filter: 'lib', cache: 'false' },
      interrupt: { whenFileExists: repo.path('packages/lib/started.pid'), signal: 'SIGTERM' },
    });
    expect(main.code).toBe(1);
    expect(commands(main.stdout, 'error').pop()).toBe('::error::The run was interrupted (the job was cancelled) before every task finished');
    expect(main.summary).toContain('**○ interrupted: 0 of 1 task passed**');
    const pid = Number(await repo.read('packages/lib/started.pid'));
    expect(isAlive(pid)).toBe(false);
  });
});

/** A killed process whose parent died stays a zombie where PID 1 does not reap (containers): dead all the same. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  return !/\) Z /.test(stat);
}

describe('the action in a shard matrix', { timeout: STEP_BUDGET_MS }, () => {
  it('runs only its slice of the tasks', async () => {
    const { job } = await setup(passingWorkspace());
    const main = await job.step('main', { inputs: { shard: '1/2', cache: 'false' } });
    expect(main.code, main.stdout).toBe(0);
    const total = Number(main.outputs['tasks-total']);
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(6);
    expect(commands(main.stdout, 'group')).toHaveLength(total);
    expect(main.outputs['summary-path']).toMatch(/fanout-summary-local-shard1of2\.json$/);
  });
});

describe('the action on a failing workspace', { timeout: STEP_BUDGET_MS }, () => {
  it('fails the step, annotates the error where tsc put it, and escapes the output in the summary', async () => {
    const { job } = await setup(failingWorkspace());
    const main = await job.step('main', { inputs: { tasks: 'lint', 'continue-on-error': 'true' } });

    expect(main.code).toBe(1);
    expect(main.outputs).toMatchObject({ 'tasks-total': '2', 'tasks-failed': '1', 'failed-tasks': '["bad#lint"]' });
    expect(commands(main.stdout, 'error')).toEqual([
      "::error title=bad#lint,file=packages/bad/src/index.ts,line=3,col=7::TS2322: Type 'string' is not assignable to type 'number'.",
      '::error::1 task failed: bad#lint',
    ]);
    // The task's own `::error::` line is fenced off by stop-commands, in its group and in the re-print.
    expect(main.stdout.match(/^::stop-commands::(\S+)$/gm)).toHaveLength(2);
    expect(main.stdout).toMatch(/── 1 failed task \(output again, in full\) ──\n\n── bad#lint · PoolWorker-\d+ · pid \d+ · ✗ · [^\n]+ · failed with exit code 1\n/);

    expect(main.summary).toContain('**✗ 1 of 2 tasks failed**');
    expect(main.summary).toMatch(/^\| <code>bad#lint<\/code> \| ✗ exit code 1 \|/m);
    expect(main.summary).toContain('&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;');
    expect(main.summary).not.toContain('<script>');
  });

  it('passes args to the scripts as argv words and keeps the action credentials from them', async () => {
    const { job } = await setup(failingWorkspace());
    const main = await job.step('main', {
      inputs: { tasks: 'test', filter: 'bad', args: `--flag "two words" ';' '$HOME' "\`id\`"` },
      env: { ACTIONS_RUNTIME_TOKEN: 'secret-token' },
    });
    expect(main.code, main.stdout).toBe(0);
    expect(main.stdout).toContain('ARGV ["--flag","two words",";","$HOME","`id`"]');
    expect(main.stdout).toContain('SEES []');
  });

  it('fails the step with the input error code for bad input, before running anything', async () => {
    const { job } = await setup(passingWorkspace());
    const main = await job.step('main', { inputs: { shard: '3/2' } });
    expect(main.code).toBe(1);
    expect(commands(main.stdout, 'error')).toEqual([
      '::error::ERR_ACTION_INPUT: Expected input `shard` to be `<index>/<total>` with 1 ≤ index ≤ total, got `3/2`%0AHint: In a matrix: `shard: ${{ matrix.shard }}/3` with `shard: [1, 2, 3]`.',
    ]);
    expect(commands(main.stdout, 'group')).toEqual([]);
    expect(main.outputs).toEqual({});
  });

  it("fails the step with the runner's error code for a filter that matches nothing", async () => {
    const { job } = await setup(passingWorkspace());
    const main = await job.step('main', { inputs: { filter: 'no-such-package' } });
    expect(main.code).toBe(1);
    expect(commands(main.stdout, 'error')[0]).toMatch(/^::error::ERR_RUNNER_NO_MATCH: /);
  });
});
