// `pnpm run examples`: runs every example in order, as a user would, and stops at the first failure.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../examples/', import.meta.url));
for (const name of readdirSync(dir).filter((file) => file.endsWith('.mjs')).sort()) {
  console.log(`\n$ node examples/${name}`);
  const { status } = spawnSync(process.execPath, [name], { cwd: dir, stdio: 'inherit' });
  if (status !== 0) {
    console.error(`examples/${name} exited with ${status}`);
    process.exit(1);
  }
}
