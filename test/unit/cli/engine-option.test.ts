/** `openEngine`: native DuckDB's memory cap, spill folder and threads from FINOPS_MEMORY_LIMIT, FINOPS_SPILL_DIR and FINOPS_THREADS. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openEngine } from '../../../src/cli/engine-option';

const saved = { ...process.env };
afterEach(() => {
  for (const k of ['FINOPS_MEMORY_LIMIT', 'FINOPS_SPILL_DIR', 'FINOPS_THREADS']) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

describe('openEngine (native)', () => {
  it('takes its memory cap, spill folder and threads from the environment', async () => {
    const spill = mkdtempSync(path.join(tmpdir(), 'finops-spill-'));
    Object.assign(process.env, { FINOPS_MEMORY_LIMIT: '300MB', FINOPS_SPILL_DIR: spill, FINOPS_THREADS: '3' });
    const engine = await openEngine({ engine: 'native' });
    try {
      const [r] = await engine.query(
        "SELECT current_setting('memory_limit') AS m, current_setting('temp_directory') AS t, current_setting('threads') AS n",
      );
      expect(String(r.m)).toMatch(/^(286\.1 MiB|300\.0 MB)$/);
      expect(r.t).toBe(spill);
      expect(r.n).toBe(3);
    } finally {
      await engine.close();
      rmSync(spill, { recursive: true, force: true });
    }
  });

  it('refuses a thread count that is not a whole number from 1 to 256, naming the variable', async () => {
    for (const bad of ['0', 'four', '2.5', '1000']) {
      process.env.FINOPS_THREADS = bad;
      await expect(openEngine({ engine: 'native' })).rejects.toThrow(
        `FINOPS_THREADS: expected a whole number of threads from 1 to 256, got "${bad}"`,
      );
    }
  });
});
