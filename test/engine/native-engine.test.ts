import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNativeEngine } from '../../src/engine/node-native-engine';
import type { Engine } from '../../src/engine/engine';
import { contractCases } from './contract';

describe('engine contract: native build', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createNativeEngine({ memoryLimit: '512MB', threads: 2 });
  });
  afterAll(async () => engine?.close());

  for (const c of contractCases) {
    it(c.name, async () => {
      await c.run(engine, (actual, expected, what) => expect(actual, what).toEqual(expected));
    });
  }

  it('spills to its own temp directory under its memory cap', async () => {
    const [r] = await engine.query(
      "SELECT current_setting('memory_limit') AS m, current_setting('temp_directory') AS t, current_setting('threads') AS n",
    );
    expect(String(r.m)).toMatch(/^(488\.2 MiB|512\.0 MB|5\d\d(\.\d)? [MK]i?B)$/);
    expect(String(r.t)).toMatch(/finops-duckdb-.*spill$/);
    expect(r.n).toBe(2);
  });

  it('a cancel asked the moment a statement starts still stops it (DuckDB drops an interrupt that comes before execution)', async () => {
    for (let round = 0; round < 20; round++) {
      const running = engine.query('SELECT sum(a.range * b.range) AS s FROM range(100000000) a, range(100000) b').then(
        () => 'finished',
        (e: Error) => e.message,
      );
      // The statement is the engine's current one, but DuckDB may not have begun executing it.
      await Promise.resolve();
      await Promise.resolve();
      await Promise.resolve();
      expect(await engine.cancel()).toBe(true);
      const outcome = await Promise.race([running, new Promise((r) => setTimeout(() => r('still running after 10 s'), 10_000))]);
      expect(outcome).toMatch(/interrupt/i);
    }
    expect(await engine.query('SELECT 42 AS x')).toEqual([{ x: 42 }]);
  }, 60_000);
});
