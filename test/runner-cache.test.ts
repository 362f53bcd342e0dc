import { describe, expect, it } from 'vitest';
import { fixtureRepo } from './rig/fixture-repo.js';
import { threePackages } from './runner-fixtures.js';

describe('fanout run with the task cache', () => {
  it('replays a second run from the cache, headed "cache hit, replayed", without running any script', async () => {
    await using repo = await fixtureRepo(threePackages({ root: { '.gitignore': 'node_modules\norder.log\n*.json.out\n' } }));
    await repo.gitInit();
    const first = await repo.fanout(['run', 'build', '--summary', 'first.json.out']);
    expect(first.code).toBe(0);
    const firstSummary = JSON.parse(await repo.read('first.json.out'));
    expect(firstSummary.cacheStats.entriesWritten).toBe(3);
    expect(firstSummary.tasks.map((task: { cache: string }) => task.cache)).toEqual(['miss', 'miss', 'miss']);

    const second = await repo.fanout(['run', 'build', '--summary', 'second.json.out']);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^── @fx\/lib#build · cache hit, replayed · ✓ \d+\.\d\ds\nbuilt lib$/m);
    expect((await repo.read('order.log')).trim().split('\n')).toHaveLength(3);
    const secondSummary = JSON.parse(await repo.read('second.json.out'));
    expect(secondSummary.counts).toMatchObject({ total: 3, cached: 3 });
    expect(secondSummary.workers).toEqual([]);

    const forced = await repo.fanout(['run', 'build', '--force', '--filter', '@fx/lib']);
    expect(forced.code).toBe(0);
    expect((await repo.read('order.log')).trim().split('\n')).toHaveLength(4);
  });
});
