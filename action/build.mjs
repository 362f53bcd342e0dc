// Bundles the action into dist/: main.js and post.js (the steps action.yml runs), plus the files the pool and the
// runner load at run time with `new URL('./<name>.js', import.meta.url)`, which resolve next to main.js in the bundle.
// Usage: node build.mjs [outdir]   (default: dist; the freshness test builds into a temp dir and compares)
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { checkEntries, nodeBundleOptions, runtimeEntries } from '../scripts/esbuild-node.mjs';

const actionDir = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.resolve(process.argv[2] ?? path.join(actionDir, 'dist'));

const entryPoints = {
  main: path.join(actionDir, 'src/main.ts'),
  post: path.join(actionDir, 'src/post.ts'),
  ...runtimeEntries,
};
checkEntries(entryPoints);

await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });

await esbuild.build(nodeBundleOptions({ entryPoints, outdir }));
