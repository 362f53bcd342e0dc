// Bundles the `fanout` CLI into dist/bundle/ after tsc: the ~90 ESM modules of dist/cli/main.js cost more to load than
// a fully cached run spends on work. Code splitting keeps every dynamic import() (yaml, fast-glob, the cache, the pool,
// …) a lazy chunk. script-task.js is an extra entry because the runner loads it at
// run time with `new URL('./<name>.js', import.meta.url)`; chunks sit flat in the same folder, so that expression
// resolves to dist/bundle/<name>.js from whichever chunk holds it (and main.ts's '../../package.json' to ours).
// The library build (dist/index.js, the exports map) is tsc's alone and is left untouched.
// `fanout run build` on this repository rebuilds the bundle that is running it, and that process still has chunks to
// load lazily by their old names. So the new files are built aside and moved in (chunks before entries), and the
// previous build's files are kept, listed in manifest.json; only files older than that are removed.
// A CommonJS package reached by `await import('<pkg>')` becomes a chunk with only a default export in esbuild's
// splitting mode, so `const { parseDocument } = await import('yaml')` would get undefined; the cjs-interop plugin
// gives such chunks the named exports Node's own ESM loader gives them (it asks Node for the names).
// Usage: node build-cli.mjs [outdir]   (default: dist/bundle)
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { checkEntries, nodeBundleOptions, runtimeEntries } from '../../scripts/esbuild-node.mjs';

const runnerDir = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.resolve(process.argv[2] ?? path.join(runnerDir, 'dist/bundle'));

const entryPoints = { main: path.join(runnerDir, 'src/cli/main.ts'), ...runtimeEntries };
checkEntries(entryPoints);

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
  const isEntry = (file) => Object.hasOwn(entryPoints, path.basename(file, '.js'));
  // Chunks first: a fanout starting mid-way must never load a new entry whose chunks are not there yet.
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
  await esbuild.build(
    nodeBundleOptions({
      entryPoints,
      outdir: into,
      splitting: true,
      // Flat on purpose: a chunk in a subfolder would resolve `./pool-worker.cjs`, `./script-task.js` and `../../package.json` wrongly.
      chunkNames: 'chunk-[hash]',
      plugins: [cjsInterop()],
    }),
  );
}

/** Wraps each CommonJS package that is imported with `import()` in a module with Node's default and named exports. */
function cjsInterop() {
  return {
  name: 'fanout-cjs-interop',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.kind !== 'dynamic-import' || args.pluginData === 'fanout-cjs-interop' || isBuiltin(args.path)) return undefined;
      const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'fanout-cjs-interop' });
      if (resolved.errors.length > 0 || !(await isCommonJs(resolved.path))) return resolved;
      return { path: resolved.path, namespace: 'fanout-cjs-interop' };
    });
    build.onLoad({ filter: /.*/, namespace: 'fanout-cjs-interop' }, async (args) => {
      const names = Object.keys(await import(pathToFileURL(args.path).href)).filter(
        (name) => name !== 'default' && /^[A-Za-z_$][\w$]*$/.test(name),
      );
      const lines = [`const mod = require(${JSON.stringify(args.path)});`, 'export default mod;'];
      for (const name of names) lines.push(`export const ${name} = mod.${name};`);
      return { contents: lines.join('\n'), loader: 'js', resolveDir: path.dirname(args.path) };
    });
  },
  };
}

/** Whether esbuild bundles `file` as CommonJS: it has no import or export statement (mainFields may pick an ESM build). */
async function isCommonJs(file) {
  if (/\.[cm]?[jt]s$/.test(file) === false) return false;
  if (/\.m[jt]s$/.test(file)) return false;
  return !/^[ \t]*(?:import|export)[\s{*]/m.test(await readFile(file, 'utf8'));
}
