import { execFile } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { cacheRig } from './cache-rig.js';

const run = promisify(execFile);

describe('concurrent writers', () => {
  it('two processes storing the same entry at once leave one whole entry', async () => {
    await using rig = await cacheRig({ '.gitignore': 'node_modules\ndist\n', 'packages/a/src/index.js': 'x\n' });
    const child = path.join(rig.root, 'store-child.mjs');
    await build({
      entryPoints: [fileURLToPath(new URL('./store-child.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: child,
      banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
      logLevel: 'silent',
    });
    const outputs: Record<string, string> = {};
    for (let i = 0; i < 200; i++) outputs[`packages/a/dist/file-${i}.js`] = `// ${i}\n${'x'.repeat(4096)}\n`;
    await rig.write(outputs);
    const logFile = path.join(rig.root, 'task.log');
    await writeFile(logFile, 'built\n');

    const runs = await Promise.all(
      [1, 2].map(() => run(process.execPath, [child, rig.root, rig.cacheDir, logFile], { timeout: 60_000 })),
    );
    const results = runs.map((result) => JSON.parse(result.stdout) as { kind: string; fingerprint: string; stats: { entriesWritten: number }; warnings: string[] });
    expect(results[0]?.fingerprint).toBe(results[1]?.fingerprint);
    expect(results.flatMap((result) => result.warnings)).toEqual([]);
    // Whoever lost the rename race reports nothing written.
    expect(results.reduce((sum, result) => sum + result.stats.entriesWritten, 0)).toBe(1);

    const entries = await readdir(path.join(rig.cacheDir, 'tasks-v1', 'entries'));
    expect(entries).toEqual([results[0]?.fingerprint]);
    expect(await readdir(path.join(rig.cacheDir, 'tasks-v1', 'tmp'))).toEqual([]);
    const lookup = await rig.cache().lookup(rig.task('a', 'build', { outputs: ['dist/**'] }), new Map());
    expect(lookup.kind).toBe('hit');
    if (lookup.kind === 'hit') await lookup.restore();
    expect(rig.warnings).toEqual([]);
  }, 60_000);
});
