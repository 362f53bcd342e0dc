import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const runnerDir = fileURLToPath(new URL('../..', import.meta.url));
let outdir = '';
let files: string[] = [];
const read = (file: string) => readFile(path.join(outdir, file), 'utf8');
const buildInto = (dir: string) =>
  promisify(execFile)(process.execPath, [path.join(runnerDir, 'build-cli.mjs'), dir], { timeout: 60_000 });

/** Files `file` imports statically (`import … from './x.js'`, `import './x.js'`), not through `import()`. */
async function staticImports(file: string): Promise<string[]> {
  return [...(await read(file)).matchAll(/^(?:import|export)\b[^;]*?["']\.\/([^"']+)["']/gm)].map((match) => match[1] ?? '');
}

/** Everything Node loads before main.js runs: main.js and its static import closure. */
async function loadedAtStartup(): Promise<string[]> {
  const seen = new Set<string>();
  const queue = ['main.js'];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...(await staticImports(file)));
  }
  return [...seen];
}

beforeAll(async () => {
  outdir = await mkdtemp(path.join(tmpdir(), 'fanout-bundle-'));
  await buildInto(outdir);
  files = (await readdir(outdir)).filter((file) => file !== 'manifest.json');
});

afterAll(async () => {
  if (outdir) await rm(outdir, { recursive: true, force: true });
});

describe('build-cli.mjs', () => {
  it('writes main.js, pool-worker.cjs, script-task.js and its chunks flat in one folder, listed in manifest.json', async () => {
    expect(files).toEqual(expect.arrayContaining(['main.js', 'pool-worker.cjs', 'script-task.js']));
    for (const file of files) {
      expect(file).toMatch(/\.c?js$/);
      expect((await stat(path.join(outdir, file))).isFile()).toBe(true);
    }
    const manifest = JSON.parse(await read('manifest.json')) as { files: string[] };
    expect([...manifest.files].sort()).toEqual([...files].sort());
  });

  it("keeps the previous build's chunks for one rebuild, so a fanout rebuilding its own bundle can still load them", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'fanout-rebundle-'));
    try {
      await buildInto(dir);
      const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as { files: string[] };
      await writeFile(path.join(dir, 'manifest.json'), JSON.stringify({ files: [...manifest.files, 'chunk-OLDBUILD.js'] }));
      await writeFile(path.join(dir, 'chunk-OLDBUILD.js'), 'export {};\n');
      await writeFile(path.join(dir, 'chunk-OLDER.js'), 'export {};\n');

      await buildInto(dir);
      expect(await readdir(dir)).toContain('chunk-OLDBUILD.js');
      expect(await readdir(dir)).not.toContain('chunk-OLDER.js');

      await buildInto(dir);
      expect(await readdir(dir)).not.toContain('chunk-OLDBUILD.js');
      expect((await readdir(dir)).sort()).toEqual([...manifest.files, 'manifest.json'].sort());
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('leaves every file that the code locates with new URL(…, import.meta.url) next to the chunk that asks for it', async () => {
    const wanted = new Set<string>();
    for (const file of files) {
      // esbuild prints code's string literals in double quotes; single-quoted ones are examples inside messages.
      for (const match of (await read(file)).matchAll(/new URL\("(\.\/[^"]+)", import\.meta\.url\)/g)) wanted.add(match[1] ?? '');
    }
    expect([...wanted].sort()).toEqual(['./pool-worker.cjs', './script-task.js']);
    for (const target of wanted) expect(files).toContain(path.basename(target));
  });

  it('keeps the dependencies, the pool and the cache out of what loads at startup, but for the git listing', async () => {
    const startup = await loadedAtStartup();
    const sources = (await Promise.all(startup.map(read))).join('\n');
    expect(sources).toContain('// packages/runner/src/cli/main.ts');
    // The cache's git listing starts as soon as the workspace root is known, before the rest of the cache loads.
    const early = ['cache/work-tree.ts', 'cache/fingerprint/git-repo.ts', 'cache/fingerprint/run-git.ts'];
    for (const file of early) expect(sources).toContain(`// packages/runner/src/${file}`);
    const bundled = [...sources.matchAll(/^\/\/ (\S+)$/gm)].map((match) => match[1] ?? '');
    expect(bundled.filter((file) => file.startsWith('packages/runner/src/cache/') && !early.some((name) => file.endsWith(name)))).toEqual([]);
    for (const lazy of ['node_modules/', 'packages/pool/src/']) {
      expect(sources).not.toContain(`// ${lazy}`);
    }
  });

  it('gives each CommonJS package loaded with import() the default and named exports Node gives it', async () => {
    const wrapped: string[] = [];
    for (const file of files) {
      for (const match of (await read(file)).matchAll(/^\/\/ fanout-cjs-interop:(.+)$/gm)) {
        const original = match[1] ?? '';
        wrapped.push(original);
        const fromNode = (await import(pathToFileURL(original).href)) as Record<string, unknown>;
        const fromBundle = (await import(pathToFileURL(path.join(outdir, file)).href)) as Record<string, unknown>;
        expect(Object.keys(fromBundle).sort()).toEqual(expect.arrayContaining(Object.keys(fromNode).sort()));
        expect(typeof fromBundle['default']).toBe(typeof fromNode['default']);
      }
    }
    // yaml, fast-glob, semver and picomatch at least (jsonc-parser's ESM build needs no wrapper).
    expect(wrapped.length).toBeGreaterThanOrEqual(4);
  });

  it('gives script-task.js a require() for CommonJS dependencies', async () => {
    expect(await read('script-task.js')).toMatch(/^import \{ createRequire as __fanoutCreateRequire \} from 'node:module';\nconst require = /);
  });

  it('makes pool-worker.cjs one self-contained CommonJS file that imports nothing from the bundle', async () => {
    const worker = await read('pool-worker.cjs');
    expect(worker).toContain('// packages/pool/src/pool-worker.ts');
    expect(worker).toContain('workerpool');
    expect(worker).not.toMatch(/^import /m);
    expect(worker).not.toMatch(/require\("\.\/chunk-/);
    expect(worker).not.toMatch(/import\("\.\/chunk-/);
  });
});
