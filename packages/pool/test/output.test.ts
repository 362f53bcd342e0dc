import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createPool, PoolError } from './helpers/pool.js';

const script = new URL('./fixtures/output-order.mjs', import.meta.url).pathname;

async function runScript(mode: string): Promise<string[]> {
  const { stdout } = await promisify(execFile)(process.execPath, [script, mode], { timeout: 20_000 });
  return stdout.trim().split('\n');
}

describe('worker output', () => {
  it('goes straight to the parent stdout by default, written before the call settles, as in Python', async () => {
    const lines = await runScript('inherit');
    expect(lines.slice(0, 2)).toEqual(['from the worker', 'after the call']);
  });

  it('with captureOutput and no onLog is forwarded line by line through the parent, still before the call settles', async () => {
    const lines = await runScript('capture');
    expect(lines.slice(0, 2)).toEqual(['from the worker', 'after the call']);
  });

  it("refuses a call's onLog when the pool does not capture output, with the fix in the hint", async () => {
    const pool = createPool();
    const error = await pool.apply('print', [['x']], { onLog: () => undefined }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PoolError);
    expect(error).toMatchObject({ code: 'ERR_INVALID_OPTION', hint: expect.stringContaining('captureOutput: true') });
    await expect(pool.map('square', [1], { onLog: () => undefined })).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
    await expect(pool.imap('square', [1], { onLog: () => undefined }).next()).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
    // Nothing was lost: the pool still works.
    expect(await pool.apply('square', [3])).toBe(9);
  });

  it('rejects captureOutput that is not a boolean, or false beside an onLog, synchronously', () => {
    expect(() => createPool({ captureOutput: 'yes' as never })).toThrow('Expected `captureOutput` to be a boolean, got `"yes"` (string)');
    expect(() => createPool({ captureOutput: false, onLog: () => undefined })).toThrow(PoolError);
  });
});
