import { describe, expect, test } from 'vitest';
import { RunnerError } from '../../src/errors.js';
import { checkPersistentSlots } from '../../src/graph/check-persistent-slots.js';
import { graphOf } from '../scheduler/graph-of.js';

/** `count` persistent dev tasks beside one build. */
const devs = (count: number) =>
  graphOf(
    Object.fromEntries([...Array.from({ length: count }, (_, at) => [`p${at}#dev`, []]), ['p0#build', []]]),
    Object.fromEntries(Array.from({ length: count }, (_, at) => [`p${at}#dev`, { persistent: true }])),
  );

describe('checkPersistentSlots', () => {
  test('passes while a slot is left for the other tasks', () => {
    expect(() => checkPersistentSlots(devs(2), 3, '3')).not.toThrow();
    expect(() => checkPersistentSlots(devs(0), 1, undefined)).not.toThrow();
  });

  test('names the persistent tasks, the value given and the concurrency that would do', () => {
    expect(() => checkPersistentSlots(devs(2), 2, '2')).toThrow(
      expect.objectContaining({
        constructor: RunnerError,
        code: 'ERR_RUNNER_USAGE',
        message: 'Expected `concurrency` to be above the number of persistent tasks (2: p0#dev, p1#dev), got `2` (2 slots)',
        hint: 'Each persistent task holds a slot until it is stopped, and the other tasks need one more: use `--concurrency 3` or more.',
      }),
    );
  });

  test('says when the value was the default, and counts past the first five', () => {
    expect(() => checkPersistentSlots(devs(7), 2, undefined)).toThrow(
      expect.objectContaining({
        message:
          'Expected `concurrency` to be above the number of persistent tasks (7: p0#dev, p1#dev, p2#dev, p3#dev, p4#dev, and 2 more), got `2` (the default: every core)',
        hint: expect.stringContaining("use `--concurrency 8` or more (fanout's default is a slot per core; turbo's is 10)"),
      }),
    );
  });
});
