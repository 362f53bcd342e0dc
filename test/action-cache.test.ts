import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { actionJob, commands } from './action-harness.js';
import { passingWorkspace } from './action-fixtures.js';
import { startActionsCacheServer, type ActionsCacheServer } from './rig/actions-cache-server.js';
import { fixtureRepo, type FixtureRepo } from './rig/fixture-repo.js';

// Several real action steps per test on a shared 2-core machine; each step is also bounded by its own timeout.
const STEP_BUDGET_MS = 240_000;

const disposables: AsyncDisposable[] = [];
afterEach(async () => {
  for (const item of disposables.splice(0).reverse()) await item[Symbol.asyncDispose]();
});

async function setup(): Promise<{ repo: FixtureRepo; server: ActionsCacheServer }> {
  const repo = await fixtureRepo(passingWorkspace());
  // A checkout is a git repository: build outputs are ignored, so they are no task's inputs.
  await repo.gitInit();
  const server = await startActionsCacheServer();
  disposables.push(repo, server);
  return { repo, server };
}

/** One workflow run: the main step, then the post step with main's state, as a job on a fresh runner. */
async function workflowRun(repo: FixtureRepo, server: ActionsCacheServer, runId: string, inputs: Record<string, string> = {}) {
  const job = await actionJob(repo.root, { ...server.env, GITHUB_RUN_ID: runId, GITHUB_RUN_ATTEMPT: '1' });
  disposables.push(job);
  const main = await job.step('main', { inputs: { tasks: 'lint test build', ...inputs } });
  const post = await job.step('post', { state: main.state });
  return { main, post };
}

const localStore = (repo: FixtureRepo) => rm(repo.path('node_modules/.cache/fanout'), { recursive: true, force: true });

describe('the task cache across workflow runs', { timeout: STEP_BUDGET_MS }, () => {
  it('is saved by the first run and restored by the second, which hits on every task', async () => {
    const { repo, server } = await setup();

    const first = await workflowRun(repo, server, '100');
    expect(first.main.code, first.main.stdout).toBe(0);
    expect(first.main.outputs['cache-hits']).toBe('0');
    expect(first.post.code).toBe(0);
    expect(commands(first.main.stdout + first.post.stdout, 'warning')).toEqual([]);
    expect(server.entries.map((entry) => [entry.key, entry.finalized])).toEqual([[expect.stringMatching(/^fanout-v1-\w+-\w+-nolock-100-1$/), true]]);

    await localStore(repo);
    const second = await workflowRun(repo, server, '101');
    expect(second.main.code, second.main.stdout).toBe(0);
    expect(second.main.stdout).toContain(`Task cache restored from ${server.entries[0]?.key}`);
    expect(second.main.outputs['cache-hits']).toBe(second.main.outputs['tasks-total']);
    expect(second.main.outputs['tasks-total']).toBe('6');
    expect(second.main.summary).toMatch(/^\| <code>app#build<\/code> \| ✓ success \| [^|]+ \|  \|  \| hit \|$/m);
    // Nothing new was written, so nothing is uploaded.
    expect(second.post.stdout).toContain('No new task cache entries in this run; nothing to save.');
    expect(server.entries).toHaveLength(1);
    expect(server.requests).toEqual([
      'POST GetCacheEntryDownloadURL',
      'POST CreateCacheEntry',
      'PUT blob',
      'POST FinalizeCacheEntryUpload',
      'POST GetCacheEntryDownloadURL',
      'GET blob',
    ]);
  });

  it('warns once and still passes when the key is already taken (409)', async () => {
    const { repo, server } = await setup();
    server.faults.conflictOnCreate = true;
    const { main, post } = await workflowRun(repo, server, '200');
    expect(main.code).toBe(0);
    expect(post.code).toBe(0);
    expect(commands(main.stdout, 'warning')).toEqual([]);
    expect(commands(post.stdout, 'warning')).toEqual([expect.stringMatching(/^::warning::.*Unable to reserve cache with key fanout-v1-/)]);
    expect(server.entries).toEqual([]);
  });

  it('warns once and still passes when the token is read-only', async () => {
    const { repo, server } = await setup();
    server.faults.readOnlyToken = true;
    const { main, post } = await workflowRun(repo, server, '300');
    expect(main.code).toBe(0);
    expect(post.code).toBe(0);
    expect(commands(post.stdout, 'warning')).toEqual([expect.stringContaining('cache write denied: the token for this run is read-only')]);
  });

  it('warns once and runs uncached when the connection is reset', async () => {
    const { repo, server } = await setup();
    server.faults.resetConnection = ['GetCacheEntryDownloadURL'];
    const { main, post } = await workflowRun(repo, server, '400');
    expect(main.code).toBe(0);
    expect(main.outputs['tasks-failed']).toBe('0');
    expect(commands(main.stdout, 'warning')).toEqual([expect.stringContaining('ECONNRESET')]);
    expect(post.code).toBe(0);
    // The save still went through: a reset on one call does not condemn the next.
    expect(server.entries.map((entry) => entry.finalized)).toEqual([true]);
  });

  it('does not touch the cache service when the cache input is off', async () => {
    const { repo, server } = await setup();
    const { main, post } = await workflowRun(repo, server, '500', { cache: 'false' });
    expect(main.code).toBe(0);
    expect(post.stdout).toBe('');
    expect(server.requests).toEqual([]);
  });
});
