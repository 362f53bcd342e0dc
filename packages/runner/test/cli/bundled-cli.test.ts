import { execFile } from 'node:child_process';
import { isBuiltin } from 'node:module';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const runnerDir = fileURLToPath(new URL('../..', import.meta.url));
let outdir = '';
let files: string[] = [];
const read = (file: string) => readFile(path.join(outdir, file), 'utf8');
const buildInto = (dir: string) =>
  promisify(execFile)(process.execPath, [path.join(runnerDir, 'build-cli.mjs'), dir], { timeout: 60_000 });

beforeAll(async () => {
  outdir = await mkdtemp(path.join(tmpdir(), 'fanout-bundle-'));
  await buildInto(outdir);
  files = (await readdir(outdir)).filter((file) => file !== 'manifest.json');
});

afterAll(async () => {
  if (outdir) await rm(outdir, { recursive: true, force: true });
});

describe('build-cli.mjs', () => {
  it('writes cli.cjs, early-pool.cjs, pool-worker.cjs and script-task.js flat in one folder, listed in manifest.json', async () => {
    expect([...files].sort()).toEqual(['cli.cjs', 'early-pool.cjs', 'pool-worker.cjs', 'script-task.js']);
    for (const file of files) {
      expect(file).toMatch(/\.c?js$/);
      expect((await stat(path.join(outdir, file))).isFile()).toBe(true);
    }
    const manifest = JSON.parse(await read('manifest.json')) as { files: string[] };
    expect([...manifest.files].sort()).toEqual([...files].sort());
  });

  it("keeps the previous build's files for one rebuild, so a fanout rebuilding its own bundle can still load them", async () => {
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

  it('leaves every file that the code locates with new URL(…, import.meta.url) next to the file that asks for it', async () => {
    const wanted = new Set<string>();
    for (const file of files) {
      // esbuild prints code's string literals in double quotes; single-quoted ones are examples inside messages.
      for (const match of (await read(file)).matchAll(/new URL\("(\.\/[^"]+)", (?:import\.meta\.url|__fanoutImportMetaUrl)\)/g)) wanted.add(match[1] ?? '');
    }
    expect([...wanted].sort()).toEqual(['./pool-worker.cjs', './script-task.js']);
    for (const target of wanted) expect(files).toContain(path.basename(target));
  });

  it('makes cli.cjs one CommonJS file that requires nothing but Node built-ins', async () => {
    const cli = await read('cli.cjs');
    expect(cli).toContain('// packages/runner/src/cli/main.ts');
    expect(cli).not.toMatch(/^import /m);
    const required = [...cli.matchAll(/\brequire\("([^"]+)"\)/g)].map((match) => match[1] ?? '');
    expect(required.length).toBeGreaterThan(0);
    expect(required.filter((name) => !isBuiltin(name))).toEqual([]);
  });

  it('makes early-pool.cjs a small CommonJS file of the pool alone, without its function serializer', async () => {
    const early = await read('early-pool.cjs');
    expect(early).toContain('// packages/runner/src/cli/early-pool.ts');
    expect(early).toContain('// packages/pool/src/pool.ts');
    expect(early).not.toMatch(/^import /m);
    const required = [...early.matchAll(/\brequire\("([^"]+)"\)/g)].map((match) => match[1] ?? '');
    expect(required.filter((name) => !isBuiltin(name))).toEqual([]);
    // The runner passes task names, never functions: acorn and eslint-scope would only slow the fork down.
    expect(early).not.toContain('node_modules/acorn');
    expect(early).not.toContain('node_modules/eslint-scope');
    expect(early.length).toBeLessThan((await read('cli.cjs')).length / 5);
  });

  it('writes cli.cjs in ASCII, which bin/fanout.js reads as latin1', async () => {
    const bytes = await readFile(path.join(outdir, 'cli.cjs'));
    expect(bytes.findIndex((byte) => byte > 0x7f)).toBe(-1);
    // Characters beyond ASCII in the sources survive as escapes.
    expect(bytes.toString('latin1')).toMatch(/\\u2713|\\u2192/);
  });

  it('calls import() only where the pool loads a tasks module require() cannot (top-level await, CommonJS)', async () => {
    // bin/fanout.js runs cli.cjs as a vm script with V8's code cache, and in a script compiled from that cache Node 20
    // loses the import() hook (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING): built-ins come from process.getBuiltinModule,
    // and the runner's own tasks module (script-task.js) through require().
    const calls = [...(await read('cli.cjs')).matchAll(/[^\w.$"]import\(([^)]+)\)/g)].map((match) => match[1]);
    expect(calls).toEqual(['specifier']);
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
