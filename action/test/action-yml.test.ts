import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputDefaults, Inputs, Outputs } from '../src/constants.js';

/** The `inputs:`/`outputs:` blocks of action.yml as name → default (a two-level indent reader, enough for this file). */
async function declared(block: 'inputs' | 'outputs'): Promise<Map<string, string | undefined>> {
  const text = await readFile(path.resolve(import.meta.dirname, '../../action.yml'), 'utf8');
  const body = text.split(new RegExp(`^${block}:\\n`, 'm'))[1]?.split(/^\S/m)[0] ?? '';
  const entries = new Map<string, string | undefined>();
  let current: string | undefined;
  for (const line of body.split('\n')) {
    const name = /^ {2}([a-z-]+):\s*$/.exec(line)?.[1];
    if (name) entries.set((current = name), undefined);
    const value = /^ {4}default:\s*(.*)$/.exec(line)?.[1];
    if (value !== undefined && current) entries.set(current, value.replace(/^'(.*)'$/, '$1'));
  }
  return entries;
}

describe('action.yml', () => {
  it('declares exactly the inputs the code reads, with the same defaults', async () => {
    const inputs = await declared('inputs');
    expect([...inputs.keys()].sort()).toEqual(Object.values(Inputs).sort());
    for (const [name, value] of Object.entries(InputDefaults)) expect(inputs.get(name), name).toBe(value);
  });

  it('declares exactly the outputs the code sets', async () => {
    expect([...(await declared('outputs')).keys()].sort()).toEqual(Object.values(Outputs).sort());
  });

  it('runs the bundled entries on node24', async () => {
    const text = await readFile(path.resolve(import.meta.dirname, '../../action.yml'), 'utf8');
    expect(text).toMatch(/^runs:\n {2}using: node24\n {2}main: action\/dist\/main\.js\n {2}post: action\/dist\/post\.js\n/m);
  });
});
