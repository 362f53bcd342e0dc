import { describe, expect, it } from 'vitest';
import { ActionInputError } from '../src/action-input-error.js';
import { Inputs, type InputName } from '../src/constants.js';
import { parseInputs } from '../src/inputs.js';
import { parseArgs } from '../src/parse-args.js';

const workspace = process.cwd();
const parse = (values: Partial<Record<InputName, string>>) => parseInputs((name) => values[name] ?? '', workspace);

function inputError(values: Partial<Record<InputName, string>>): ActionInputError {
  try {
    parse(values);
  } catch (error) {
    if (error instanceof ActionInputError) return error;
    throw error;
  }
  throw new Error('expected an ActionInputError');
}

describe('parseInputs', () => {
  it('applies the action.yml defaults when every input is empty', () => {
    expect(parse({})).toEqual({
      scripts: ['lint', 'test', 'build'],
      filter: [],
      affected: false,
      changedFilesIgnorePattern: [],
      concurrency: undefined,
      continueOnError: false,
      only: false,
      cache: true,
      cacheKeyPrefix: 'fanout-v1',
      cacheMaxSizeBytes: 2 * 1024 ** 3,
      workingDirectory: workspace,
      shard: undefined,
      args: [],
    });
  });

  it('reads tasks, a multiline filter, shard, concurrency and args as data', () => {
    const inputs = parse({
      [Inputs.Tasks]: 'build\n  test:unit ',
      [Inputs.Filter]: '@acme/*\n\n  ...[origin/main]  \n!./packages/legacy\n',
      [Inputs.Shard]: '2/3',
      [Inputs.Concurrency]: '50%',
      [Inputs.Args]: `--reporter=dot "a b" 'c $HOME' ; rm -rf /`,
    });
    expect(inputs.scripts).toEqual(['build', 'test:unit']);
    expect(inputs.filter).toEqual(['@acme/*', '...[origin/main]', '!./packages/legacy']);
    expect(inputs.shard).toEqual({ index: 2, total: 3 });
    expect(inputs.concurrency).toBe('50%');
    expect(inputs.args).toEqual(['--reporter=dot', 'a b', 'c $HOME', ';', 'rm', '-rf', '/']);
    expect(parse({ [Inputs.Concurrency]: '3' }).concurrency).toBe(3);
  });

  it('reads changed-files-ignore-pattern as one glob per non-blank line', () => {
    expect(parse({ [Inputs.ChangedFilesIgnorePattern]: '**/*.md\r\n\n  docs/**  \n' }).changedFilesIgnorePattern).toEqual(['**/*.md', 'docs/**']);
  });

  it('accepts the YAML booleans and rejects anything else with the input named', () => {
    expect(parse({ [Inputs.Cache]: 'False', [Inputs.Affected]: 'TRUE', [Inputs.ContinueOnError]: 'true', [Inputs.Only]: 'True' })).toMatchObject({
      cache: false,
      affected: true,
      continueOnError: true,
      only: true,
    });
    const error = inputError({ [Inputs.ContinueOnError]: 'yes' });
    expect(error.code).toBe('ERR_ACTION_INPUT');
    expect(error.input).toBe('continue-on-error');
    expect(error.message).toBe('Expected input `continue-on-error` to be `true` or `false`, got `yes`');
  });

  it.each([
    [Inputs.Shard, '3/2'],
    [Inputs.Shard, '0/2'],
    [Inputs.Shard, 'two'],
    [Inputs.Concurrency, '0'],
    [Inputs.Concurrency, '150%'],
    [Inputs.Concurrency, '1.5'],
    [Inputs.CacheMaxSize, '2 parsecs'],
    [Inputs.CacheKeyPrefix, 'a,b'],
    [Inputs.Args, '"unterminated'],
    [Inputs.WorkingDirectory, 'no/such/dir'],
  ] as const)('rejects %s = %j with ERR_ACTION_INPUT', (name, value) => {
    const error = inputError({ [name]: value });
    expect(error.code).toBe('ERR_ACTION_INPUT');
    expect(error.input).toBe(name);
    expect(error.message).toContain(`\`${value}\``);
  });

  it('parses sizes in binary units', () => {
    expect(parse({ [Inputs.CacheMaxSize]: '500MB' }).cacheMaxSizeBytes).toBe(500 * 1024 ** 2);
    expect(parse({ [Inputs.CacheMaxSize]: '1.5g' }).cacheMaxSizeBytes).toBe(1.5 * 1024 ** 3);
    expect(parse({ [Inputs.CacheMaxSize]: '4096' }).cacheMaxSizeBytes).toBe(4096);
  });
});

describe('parseArgs', () => {
  it('splits words like a shell without expanding anything', () => {
    expect(parseArgs(`a  "b c" 'd"e' f\\ g "h\\"i" $(x) \`y\``)).toEqual(['a', 'b c', 'd"e', 'f g', 'h"i', '$(x)', '`y`']);
    expect(parseArgs('"" x')).toEqual(['', 'x']);
    expect(parseArgs("'open")).toEqual({ error: "unterminated ' quote" });
  });
});
