// What the action's bundle (action/build.mjs) and the CLI's bundle (packages/runner/build-cli.mjs) share: how
// fanout's packages are bundled for Node, and the runtime-loaded entries that must sit beside the bundle.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Loaded at run time with `new URL('./<name>.js', import.meta.url)` by the runner, so every bundle emits them as
 * entries of their own next to the code that asks for them. The pool's worker is not one of them: see
 * poolWorkerBundleOptions.
 */
export const runtimeEntries = {
  'script-task': path.join(repoRoot, 'packages/runner/src/executor/script-task.ts'),
};

/** The file name the pool's backend starts every worker from, next to itself (`new URL('./pool-worker.cjs', …)`). */
export const POOL_WORKER_FILE = 'pool-worker.cjs';

/**
 * The pool's worker entry as one self-contained CommonJS file. Every worker process starts from it, so its load
 * time is paid once per worker start: as ESM it pulled in ~10 modules plus workerpool through the ESM loader's
 * CommonJS interop (cjs-module-lexer parsing workerpool's source), ~30 ms more per start than this single file.
 */
export function poolWorkerBundleOptions(outfile) {
  return {
    absWorkingDir: repoRoot,
    entryPoints: [path.join(repoRoot, 'packages/pool/src/pool-worker.ts')],
    outfile,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'warning',
    // backend.ts (shared with the parent side) computes its worker path from import.meta.url, which CommonJS lacks.
    banner: { js: "const __fanoutImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__fanoutImportMetaUrl' },
  };
}

// Bundled from TypeScript sources, so a bundle never depends on (or mixes in a stale) package dist/.
const sources = {
  '@fanout/runner': path.join(repoRoot, 'packages/runner/src/index.ts'),
  '@fanout/pool': path.join(repoRoot, 'packages/pool/src/index.ts'),
};

/** Exits with a message naming the missing file when an entry point does not exist. */
export function checkEntries(entryPoints) {
  for (const [name, file] of Object.entries(entryPoints)) {
    if (!existsSync(file)) {
      console.error(`Cannot bundle ${name}.js: ${path.relative(repoRoot, file)} does not exist`);
      process.exit(1);
    }
  }
}

/**
 * esbuild options for a bundle that runs on Node 20+; callers add entries, outdir and their own plugins. ESM unless
 * `format: 'cjs'` (the CLI's single file, see packages/runner/build-cli.mjs), where `import.meta.url` is the file's URL.
 */
export function nodeBundleOptions({ plugins = [], ...options }) {
  const cjs = options.format === 'cjs';
  return {
    absWorkingDir: repoRoot,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    charset: 'utf8',
    // Prefer packages' ESM builds: some UMD builds (jsonc-parser) require() their parts dynamically, out of a bundler's sight.
    mainFields: ['module', 'main'],
    legalComments: 'none',
    logLevel: 'warning',
    // CommonJS dependencies (workerpool, fast-glob, @azure/*, …) call require() for Node built-ins; ESM has no require.
    banner: {
      js: cjs
        ? "const __fanoutImportMetaUrl = require('node:url').pathToFileURL(__filename).href;"
        : "import { createRequire as __fanoutCreateRequire } from 'node:module';\nconst require = __fanoutCreateRequire(import.meta.url);",
    },
    ...(cjs ? { define: { 'import.meta.url': '__fanoutImportMetaUrl' } } : {}),
    ...options,
    plugins: [
      {
        // Whatever bundles the pool gets its worker beside it.
        name: 'fanout-pool-worker',
        setup(build) {
          build.onEnd(async (result) => {
            if (result.errors.length > 0 || build.initialOptions.outdir === undefined) return;
            const { build: esbuild } = await import('esbuild');
            await esbuild(poolWorkerBundleOptions(path.join(build.initialOptions.outdir, POOL_WORKER_FILE)));
          });
        },
      },
      {
        name: 'fanout-sources',
        setup(build) {
          build.onResolve({ filter: /^@fanout\/(runner|pool)$/ }, (args) => ({ path: sources[args.path] }));
        },
      },
      ...plugins,
    ],
  };
}
