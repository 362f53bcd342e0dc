// Bundles the `fanout` CLI into dist/bundle/ after tsc, as one CommonJS file, cli.cjs: the ~90 ESM modules of
// dist/cli/main.js cost more to load than a fully cached run spends on work, and only a classic script can go through
// V8's code cache on Node 20, which bin/fanout.js uses (compiling the CLI was ~15% of a fully cached run). The lazy
// parts (yaml, fast-glob, the pool, …) are inside it but cost nothing until called: with the code cache V8 does not
// even pre-parse them. script-task.js is an extra ESM entry because pool workers load it at run time with
// `new URL('./script-task.js', import.meta.url)`; pool-worker.cjs lands beside it (scripts/esbuild-node.mjs).
// `fanout run build` on this repository rebuilds the bundle that is running it. Files are built aside and moved in
// (entries last); the previous build's files are kept, listed in manifest.json, and only files older than that (and
// stale code caches) are removed.
// The library build (dist/index.js, the exports map) is tsc's alone and is left untouched.
// Usage: node build-cli.mjs [outdir]   (default: dist/bundle)
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { checkEntries, nodeBundleOptions, runtimeEntries } from '../../scripts/esbuild-node.mjs';

const runnerDir = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.resolve(process.argv[2] ?? path.join(runnerDir, 'dist/bundle'));

const cliEntry = { cli: path.join(runnerDir, 'src/cli/main.ts') };
// What bin/fanout.js loads first on a run of every task, to fork the workers before cli.cjs is read (see its source).
const earlyEntry = { 'early-pool': path.join(runnerDir, 'src/cli/early-pool.ts') };
checkEntries({ ...cliEntry, ...earlyEntry, ...runtimeEntries });
/** The files a fanout process starts from; moved in after everything else. */
const ENTRIES = new Set([...Object.keys({ ...cliEntry, ...earlyEntry }).map((name) => `${name}.cjs`), ...Object.keys(runtimeEntries).map((name) => `${name}.js`)]);

/**
 * The early pool runs tasks by name only (`runScript`), so it goes without the pool's function serializer: acorn and
 * eslint-scope were ~290 KB of its ~420 KB, and their set-up ran at every load, before the first fork.
 */
const byNameOnly = {
  name: 'fanout-tasks-by-name-only',
  setup(build) {
    build.onResolve({ filter: /\/portable-function\.js$/ }, () => ({ path: 'portable-function', namespace: 'by-name-only' }));
    build.onLoad({ filter: /.*/, namespace: 'by-name-only' }, () => ({
      contents: "export function toSourceSpec() { throw new Error('This pool runs tasks by name only'); }",
      loader: 'js',
    }));
  },
};

const MANIFEST = 'manifest.json';
await mkdir(path.dirname(outdir), { recursive: true });
const staging = await mkdtemp(path.join(path.dirname(outdir), '.bundle-'));
try {
  await build(staging);
  await moveIn(staging);
} finally {
  await rm(staging, { recursive: true, force: true });
}

/** Moves the fresh build into outdir, then removes what neither it nor the build before it consists of. */
async function moveIn(from) {
  await mkdir(outdir, { recursive: true });
  const previous = await readManifest();
  const isEntry = (file) => ENTRIES.has(file);
  // Entries last: a fanout starting mid-way must never load a new entry whose neighbours are not there yet.
  const fresh = (await readdir(from)).sort((a, b) => Number(isEntry(a)) - Number(isEntry(b)) || a.localeCompare(b));
  for (const file of fresh) await rename(path.join(from, file), path.join(outdir, file));
  const keep = new Set([...fresh, ...previous, MANIFEST]);
  for (const file of await readdir(outdir)) {
    if (!keep.has(file)) await rm(path.join(outdir, file), { recursive: true, force: true });
  }
  await writeFile(path.join(outdir, MANIFEST), `${JSON.stringify({ files: fresh }, null, 2)}\n`);
}

/** The files of the build before this one (none if there was none, or it predates the manifest). */
async function readManifest() {
  try {
    const { files } = JSON.parse(await readFile(path.join(outdir, MANIFEST), 'utf8'));
    return Array.isArray(files) ? files.filter((file) => typeof file === 'string') : [];
  } catch {
    return [];
  }
}

async function build(into) {
  // ASCII only: bin/fanout.js then reads it as latin1, a plain copy, where decoding UTF-8 with a thousand non-ASCII
  // characters in it (✓, →, …) took ~7 ms of every start and made a two-byte string. esbuild escapes them in code;
  // the comments it keeps (from dependencies) get theirs spelled out here.
  const cjs = { outdir: into, format: 'cjs', outExtension: { '.js': '.cjs' }, charset: 'ascii' };
  await esbuild.build(nodeBundleOptions({ entryPoints: cliEntry, ...cjs }));
  await esbuild.build(nodeBundleOptions({ entryPoints: earlyEntry, ...cjs, plugins: [byNameOnly] }));
  for (const name of Object.keys({ ...cliEntry, ...earlyEntry })) {
    const file = path.join(into, `${name}.cjs`);
    await writeFile(file, (await readFile(file, 'utf8')).replace(/[^\x00-\x7f]/gu, (char) => `\\u{${char.codePointAt(0).toString(16)}}`));
  }
  await esbuild.build(nodeBundleOptions({ entryPoints: runtimeEntries, outdir: into }));
}
