import { describe, expect, it } from 'vitest';
import { fixtureRepo } from './rig/fixture-repo.js';
import { threePackages } from './runner-fixtures.js';

describe('fanout run reports', () => {
  it('writes the summary JSON and a Chrome trace with one track per worker pid', async () => {
    // The critical path comes from measured times: builds that take a while make the build chain the longest path
    // whatever the load, where an echo build could be outlasted by one slow-starting lint.
    const slowBuild = (name: string) => ({ build: `sleep 0.2 && echo built ${name}` });
    await using repo = await fixtureRepo(threePackages({ lib: slowBuild('lib'), ui: slowBuild('ui'), app: slowBuild('app') }));
    const result = await repo.fanout(['run', 'build', 'lint', '--no-cache', '--summary', 'out/summary.json', '--profile', 'out/trace.json']);
    expect(result.code).toBe(0);
    const summary = JSON.parse(await repo.read('out/summary.json'));
    expect(summary).toMatchObject({ version: 1, scripts: ['build', 'lint'], exitCode: 0, interrupted: false, cacheStats: null });
    expect(summary.counts).toMatchObject({ total: 6, success: 6 });
    expect(summary.criticalPath.tasks).toEqual(['@fx/lib#build', '@fx/ui#build', '@fx/app#build']);
    expect(summary.tasks.every((task: { logFile: string }) => task.logFile.includes('node_modules/.cache/fanout/logs/'))).toBe(true);
    const workerPids = summary.workers.map((worker: { pid: number }) => worker.pid).sort();

    const trace = JSON.parse(await repo.read('out/trace.json'));
    const complete = trace.traceEvents.filter((event: { ph: string }) => event.ph === 'X');
    expect(complete).toHaveLength(6);
    const tracks = trace.traceEvents
      .filter((event: { name: string }) => event.name === 'process_name')
      .map((event: { pid: number }) => event.pid)
      .sort();
    expect(tracks).toEqual(workerPids);
  });

  it('keeps each task log in full under node_modules/.cache/fanout/logs', async () => {
    await using repo = await fixtureRepo(threePackages({ lib: { build: 'seq 1 20000' } }));
    const result = await repo.fanout(['run', 'build', '--filter', '@fx/lib', '--no-cache', '--summary', 'summary.json', '--output', 'errors-only']);
    expect(result.code).toBe(0);
    const summary = JSON.parse(await repo.read('summary.json'));
    const log = await repo.read(summary.tasks[0].logFile.slice(repo.root.length + 1));
    expect(log.split('\n')).toHaveLength(20_001);
    expect(summary.tasks[0].logTail).toHaveLength(50);
  });

  it('prints the plan without running anything on --dry-run, as text or JSON', async () => {
    await using repo = await fixtureRepo(threePackages());
    const text = await repo.fanout(['run', 'build', 'test', '--dry-run']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Plan: 6 tasks on \d+ slots?/);
    expect(text.stdout).toMatch(/@fx\/ui#build {2}after @fx\/lib#build/);
    const json = await repo.fanout(['run', 'build', 'test', '--dry-run=json']);
    const plan = JSON.parse(json.stdout);
    expect(plan.tasks.map((task: { id: string }) => task.id)[0]).toBe('@fx/lib#build');
    expect(plan.tasks).toHaveLength(6);
    await expect(repo.read('order.log')).rejects.toThrow();
  });

  it('prints the task graph as DOT or mermaid', async () => {
    await using repo = await fixtureRepo(threePackages());
    const dot = await repo.fanout(['run', 'build', '--graph']);
    expect(dot.code).toBe(0);
    expect(dot.stdout).toContain('digraph');
    expect(dot.stdout).toContain('@fx/ui#build');
    const mermaid = await repo.fanout(['run', 'build', '--graph=mermaid']);
    expect(mermaid.code).toBe(0);
    expect(mermaid.stdout).toMatch(/graph|flowchart/);
  });
});
