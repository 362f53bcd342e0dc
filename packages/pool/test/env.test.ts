import { describe, expect, it } from 'vitest';
import { createPool, PoolError } from './helpers/pool.js';

describe('env', () => {
  it("gives workers this process's environment by default", async () => {
    process.env['FANOUT_TEST_INHERITED'] = 'yes';
    try {
      const pool = createPool();
      expect(await pool.apply(() => process.env['FANOUT_TEST_INHERITED'])).toBe('yes');
    } finally {
      delete process.env['FANOUT_TEST_INHERITED'];
    }
  });

  it('gives workers exactly the env option, and their tasks and the processes they start see it', async () => {
    const { PATH } = process.env;
    const pool = createPool({ env: { PATH, ONLY_THIS: 'here' }, captureOutput: true });
    expect(await pool.apply(() => [process.env['ONLY_THIS'], process.env['HOME']])).toEqual(['here', undefined]);
    const lines: string[] = [];
    await pool.apply('shell', ['echo "child sees ${ONLY_THIS:-nothing}"'], { onLog: (entry) => lines.push(entry.line) });
    expect(lines).toEqual(['child sees here']);
  });

  it('rejects an env that is not an object of strings, naming the key', () => {
    expect(() => createPool({ env: 'PATH=/bin' as never })).toThrow(PoolError);
    expect(() => createPool({ env: { PORT: 8080 } as never })).toThrow('Expected `env.PORT` to be a string, got `8080` (number)');
  });
});
