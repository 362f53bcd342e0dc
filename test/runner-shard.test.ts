import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { fixtureRepo } from './rig/fixture-repo.js';

const script = (name: string) => `node -e "require('fs').appendFileSync(process.env.INIT_CWD + '/ran.log', '${name}\\n')"`;

function pkg(name: string, deps: Record<string, string> = {}) {
  return {
    name,
    version: '1.0.0',
    dependencies: deps,
    scripts: { build: script(`${name}#build`), lint: script(`${name}#lint`), test: script(`${name}#test`) },
  };
}

describe('fanout run --shard', () => {
  it('cuts the same slices in every job, whatever duration history each job has', async () => {
    await using repo = await fixtureRepo({
      'package.json': { name: 'root', private: true, workspaces: ['packages/*'] },
      'packages/lib/package.json': pkg('lib'),
      'packages/app/package.json': pkg('app', { lib: '1.0.0' }),
      'packages/cli/package.json': pkg('cli', { lib: '1.0.0' }),
    });
    const ranBy = async (shard: string) => {
      const result = await repo.fanout(['run', 'build', 'lint', 'test', '--no-cache', '--shard', shard]);
      expect(result.code).toBe(0);
      const lines = (await readFile(repo.path('ran.log'), 'utf8').catch(() => '')).split('\n').filter(Boolean);
      await repo.write({ 'ran.log': '' });
      return lines;
    };

    // Job 1 runs with no history; job 2 runs after job 1 wrote one (as a matrix job restoring another's cache would).
    const first = await ranBy('1/2');
    const second = await ranBy('2/2');
    // Shard 1 again, now with a history: the same slice as before.
    const firstAgain = await ranBy('1/2');

    expect(firstAgain.sort()).toEqual([...first].sort());
    const targets = (lines: string[]) => lines.filter((id) => !id.endsWith('#build'));
    expect(targets(first).filter((id) => targets(second).includes(id))).toEqual([]);
    expect(new Set([...first, ...second])).toEqual(
      new Set(['lib', 'app', 'cli'].flatMap((name) => [`${name}#build`, `${name}#lint`, `${name}#test`])),
    );
  });
});
