import type { FileContent } from './rig/fixture-repo.js';

/** A script file that prints its lines and exits with `code`; `files` are written first (build outputs). */
function script(lines: string[], code = 0, files: Record<string, string> = {}): string {
  return [
    "const fs = require('node:fs');",
    `for (const [file, text] of Object.entries(${JSON.stringify(files)})) { fs.mkdirSync(require('node:path').dirname(file), { recursive: true }); fs.writeFileSync(file, text); }`,
    `for (const line of ${JSON.stringify(lines)}) console.log(line);`,
    `process.exitCode = ${code};`,
    '',
  ].join('\n');
}

function pkg(name: string, dependencies: Record<string, string> = {}, scripts: Record<string, string> = {}): Record<string, FileContent> {
  const dir = `packages/${name}`;
  return {
    [`${dir}/package.json`]: {
      name,
      version: '1.0.0',
      dependencies,
      scripts: { build: 'node build.cjs', lint: 'node lint.cjs', test: 'node test.cjs', ...scripts },
    },
    [`${dir}/build.cjs`]: script([`built ${name}`], 0, { 'dist/index.js': `export const name = '${name}';\n` }),
    [`${dir}/lint.cjs`]: script([`linted ${name}`]),
    [`${dir}/test.cjs`]: script([`tested ${name}`]),
    [`${dir}/src/index.ts`]: `export const name = '${name}';\n`,
  };
}

const root: Record<string, FileContent> = {
  'package.json': { name: 'fixture-root', private: true, workspaces: ['packages/*'] },
  '.gitignore': 'node_modules/\ndist/\n',
  'fanout.json': {
    tasks: {
      build: { dependsOn: ['^build'], outputs: ['dist/**'] },
      test: { dependsOn: ['build'] },
      lint: { dependsOn: [] },
    },
  },
};

/** Two packages, `lib` and `app` (app depends on lib), with build, lint and test scripts that all pass: 6 tasks. */
export function passingWorkspace(): Record<string, FileContent> {
  return { ...root, ...pkg('lib'), ...pkg('app', { lib: '1.0.0' }) };
}

/**
 * `lib` passes; `bad`'s lint prints a tsc error and a `<script>` tag and fails; its test prints an argv dump
 * and the variables it can see.
 */
export function failingWorkspace(): Record<string, FileContent> {
  return {
    ...root,
    ...pkg('lib'),
    ...pkg('bad'),
    'packages/bad/lint.cjs': script(
      ["src/index.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'.", '<script>alert("owned")</script>', '::error::injected by a task'],
      1,
    ),
    'packages/bad/test.cjs': [
      "console.log('ARGV ' + JSON.stringify(process.argv.slice(2)));",
      "console.log('SEES ' + JSON.stringify(Object.keys(process.env).filter((k) => /^(ACTIONS_|INPUT_|STATE_|GITHUB_OUTPUT|GITHUB_STATE)/.test(k))));",
      '',
    ].join('\n'),
  };
}
