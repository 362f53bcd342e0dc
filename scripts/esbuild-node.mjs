// What the action's bundle (action/build.mjs) and the CLI's bundle (packages/runner/build-cli.mjs) share: how
// fanout's packages are bundled for Node, and the runtime-loaded entries that must sit beside the bundle.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Loaded at run time with `new URL('./<name>.js', import.meta.url)` by the pool and the runner, so every bundle
 * emits them as entries of their own next to the code that asks for them.
 */
export const runtimeEntries = {
  'pool-worker': path.join(repoRoot, 'packages/pool/src/pool-worker.ts'),
  'script-task': path.join(repoRoot, 'packages/runner/src/executor/script-task.ts'),
};

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

/** esbuild options for an ESM bundle that runs on Node 20+; callers add entries, outdir and their own plugins. */
export function nodeBundleOptions({ plugins = [], ...options }) {
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
    banner: { js: "import { createRequire as __fanoutCreateRequire } from 'node:module';\nconst require = __fanoutCreateRequire(import.meta.url);" },
    ...options,
    plugins: [
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
