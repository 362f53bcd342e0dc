// Bundles the action into dist/: main.js and post.js (the steps action.yml runs), plus the files the pool and the
// runner load at run time with `new URL('./<name>.js', import.meta.url)`, which resolve next to main.js in the bundle.
// Usage: node build.mjs [outdir]   (default: dist; the freshness test builds into a temp dir and compares)
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const actionDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(actionDir, '..');
const outdir = path.resolve(process.argv[2] ?? path.join(actionDir, 'dist'));

// The packages are bundled from their TypeScript sources, so dist/ never depends on whether they were built.
const sources = {
  '@fanout/runner': path.join(repoRoot, 'packages/runner/src/index.ts'),
  '@fanout/pool': path.join(repoRoot, 'packages/pool/src/index.ts'),
};

const entryPoints = {
  main: path.join(actionDir, 'src/main.ts'),
  post: path.join(actionDir, 'src/post.ts'),
  'pool-worker': path.join(repoRoot, 'packages/pool/src/pool-worker.ts'),
  'script-task': path.join(repoRoot, 'packages/runner/src/executor/script-task.ts'),
};

for (const [name, file] of Object.entries(entryPoints)) {
  if (!existsSync(file)) {
    console.error(`Cannot bundle ${name}.js: ${path.relative(repoRoot, file)} does not exist`);
    process.exit(1);
  }
}

await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });

await esbuild.build({
  absWorkingDir: repoRoot,
  entryPoints,
  outdir,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  charset: 'utf8',
  // Prefer packages' ESM builds: some UMD builds (jsonc-parser) require() their parts dynamically, out of a bundler's sight.
  mainFields: ['module', 'main'],
  legalComments: 'none',
  logLevel: 'warning',
  // CommonJS dependencies (workerpool, @azure/*, …) call require() for Node built-ins; ESM has no require.
  banner: { js: "import { createRequire as __fanoutCreateRequire } from 'node:module';\nconst require = __fanoutCreateRequire(import.meta.url);" },
  plugins: [
    {
      name: 'fanout-sources',
      setup(build) {
        build.onResolve({ filter: /^@fanout\/(runner|pool)$/ }, (args) => ({ path: sources[args.path] }));
      },
    },
  ],
});
