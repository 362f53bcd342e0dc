// `pnpm parallel` runs fanout on this repository, which builds fanout itself. On a fresh clone there is no
// built CLI yet, so compile the two packages it needs once; afterwards fanout rebuilds them as ordinary tasks.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const root = new URL('..', import.meta.url);
const built = ['packages/pool/dist/index.js', 'packages/runner/dist/bundle/cli.cjs'];
if (!built.every((file) => existsSync(new URL(file, root)))) {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  for (const pkg of ['packages/pool', 'packages/runner']) {
    console.log(`fanout is not built yet: compiling ${pkg}`);
    execFileSync(process.execPath, [tsc, '-p', `${pkg}/tsconfig.build.json`], { cwd: root, stdio: 'inherit' });
  }
  // The bin runs the esbuild bundle of the CLI, made from the compiled packages.
  execFileSync(process.execPath, ['build-cli.mjs'], { cwd: new URL('packages/runner/', root), stdio: 'inherit' });
}
