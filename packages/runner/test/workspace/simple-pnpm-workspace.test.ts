import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import { simplePnpmWorkspaceGlobs } from '../../src/workspace/simple-pnpm-workspace.js';

/** What the YAML parser reads as `packages`: the answer the shortcut must match whenever it answers. */
const viaYaml = (text: string): unknown => (parse(text) as { packages?: unknown } | null)?.packages;

describe('simplePnpmWorkspaceGlobs', () => {
  test.each([
    ['packages:\n  - "packages/*"\n  - \'apps/*\'\n  - tools/**\n  - "!packages/legacy"\n'],
    ['# the workspace\npackages:\n\n  # libraries\n  - packages/*\n'],
    ['packages:\n- packages/*\n- apps/web-2\n'],
    ['packages:\r\n  - "packages/*"\r\n'],
    ['packages:   \n    - "./libs/**/x"'],
    ['packages:\n  - packages/*\n  - action\n  - test\n\nonlyBuiltDependencies:\n  - esbuild\n'],
    ['linkWorkspacePackages: true\npackages:\n  - apps/*\ncatalog:\n  react: ^18.2.0\n  "@types/node": 20.x\noverrides:\n- a\n'],
    ['packages:\n  - docs\n  - e2e_tests\n  - v2.site\n'],
    ['packages:\n  - "true"\n  - \'null\'\n'],
  ])('reads the usual shape exactly as the YAML parser does: %j', (text) => {
    const globs = simplePnpmWorkspaceGlobs(text);
    expect(globs).toBeDefined();
    expect(globs).toEqual(viaYaml(text));
  });

  test.each([
    ['packages: ["packages/*"]\n'],
    ['packages:\n  - packages/*\nonlyBuiltDependencies: [esbuild,\n]\n'],
    ['packages:\n  - packages/*\nsettings:\n\t- tabbed\n'],
    ['---\npackages:\n  - packages/*\n'],
    ['onlyBuiltDependencies:\n  - esbuild\n'],
    ['packages:\n  - Yes\n'],
    ['packages:\n  - off\n'],
    ['packages:\n  - NULL\n'],
    ['packages:\n  - 2024-01-01\n'],
    ['packages:\n  - .inf\n'],
    ['packages:\n  - a\nother: 1\npackages:\n  - b\n'],
    ['packages:\n  - !packages/legacy\n'],
    ['packages:\n  - "packages/\\u002a"\n'],
    ['packages:\n  - *alias\n'],
    ['packages:\n  - packages/* # trailing comment\n'],
    ['packages:\n  - a\n    - b\n'],
    ['packages:\n  - true\n'],
    ['packages:\n  - 1.5\n'],
    ['packages:\n'],
    [''],
    ['packages:\n  - a\npackages:\n  - b\n'],
  ])('leaves anything else to the YAML parser: %j', (text) => {
    expect(simplePnpmWorkspaceGlobs(text)).toBeUndefined();
  });
});
