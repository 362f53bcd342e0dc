// Bundles the `fanout` CLI into dist/bundle/ after tsc: the ~90 ESM modules of dist/cli/main.js cost more to load than
// a fully cached run spends on work. Code splitting keeps every dynamic import() (yaml, fast-glob, the cache, the pool,
// …) a lazy chunk. pool-worker.js and script-task.js are extra entries because the pool and the runner load them at
// run time with `new URL('./<name>.js', import.meta.url)`; chunks sit flat in the same folder, so that expression
// resolves to dist/bundle/<name>.js from whichever chunk holds it (and main.ts's '../../package.json' to ours).
// The library build (dist/index.js, the exports map) is tsc's alone and is left untouched.
// Usage: node build-cli.mjs [outdir]   (default: dist/bundle)
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const runnerDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(runnerDir, '../..');
const outdir = path.resolve(process.argv[2] ?? path.join(runnerDir, 'dist/bundle'));

// Bundled from TypeScript sources (as action/build.mjs does), so the bundle never mixes in a stale pool dist/.
const sources = {
  '@fanout/runner': path.join(repoRoot, 'packages/runner/src/index.ts'),
  '@fanout/pool': path.join(repoRoot, 'packages/pool/src/index.ts'),
};

const entryPoints = {
  main: path.join(runnerDir, 'src/cli/main.ts'),
  'pool-worker': path.join(repoRoot, 'packages/pool/src/pool-worker.ts'),
  'script-task': path.join(runnerDir, 'src/executor/script-task.ts'),
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
  splitting: true,
  // Flat on purpose: a chunk in a subfolder would resolve `./pool-worker.js` and `../../package.json` wrongly.
  chunkNames: 'chunk-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  charset: 'utf8',
  // Prefer packages' ESM builds: some UMD builds (jsonc-parser) require() their parts dynamically, out of a bundler's sight.
  mainFields: ['module', 'main'],
  legalComments: 'none',
  logLevel: 'warning',
  // CommonJS dependencies (workerpool, fast-glob, …) call require() for Node built-ins; ESM has no require.
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
