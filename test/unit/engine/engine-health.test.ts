/**
 * Engine health: a load that exceeds the memory cap fails with a clear message and later loads
 * are checked against the rows the reader saw (never a silent 0 rows); a fatal engine failure
 * stops the engine, and every later call is refused with a message saying why.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EngineHealth, explainEngineError, guarded } from '../../../src/engine/engine';
import { createNodeEngine } from '../../../src/engine/node-engine';
import { loadLocalFile } from '../../../src/ingest/node-files';
import { loadFile } from '../../../src/ingest/pipeline';
import { createAdapterRegistry } from '../../../src/ingest/registry';
import { UserError } from '../../../src/model/errors';

const adapters = createAdapterRegistry();
const HEAD = 'BilledCost,EffectiveCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,ServiceName,ResourceId\n';
const focus = (rows: number) =>
  HEAD +
  Array.from(
    { length: rows },
    (_, i) => `${i}.25,${i}.25,USD,2024-03-01T00:00:00Z,2024-03-02T00:00:00Z,Service ${i % 50},r-${i}-${'x'.repeat(40)}\n`,
  ).join('');

async function failure(p: Promise<unknown>): Promise<UserError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return e as UserError;
  }
  throw new Error('expected a failure');
}

describe('engine health', () => {
  it('a file rewritten while it loads (the engine reads no rows) is refused, never loaded as 0 rows', async () => {
    const engine = await createNodeEngine();
    try {
      const dir = mkdtempSync(path.join(tmpdir(), 'finops-health-'));
      const file = path.join(dir, 'rewritten.csv');
      writeFileSync(file, focus(3));
      // The reader has seen the head bytes (3 data rows); then the file loses its rows before the engine reads it.
      const onProgress = (p: { stage: string }) => p.stage === 'read' && writeFileSync(file, HEAD);
      const err = await failure(loadLocalFile(engine, file, { name: 'rewritten.csv', adapters, onProgress }));
      expect(err.message).toBe(
        'rewritten.csv: expected at least 1 data row as the file holds, but the engine read 0: nothing was loaded (was the file changed while loading, or did the engine fail? restart it and load again)',
      );
      const [r] = await engine.query('SELECT count(*) AS n FROM cost_lines');
      expect(r.n).toBe(0);
    } finally {
      await engine.close();
    }
  });

  it('after an out-of-memory load, a later load loads exactly its rows or is refused saying so', async () => {
    const engine = await createNodeEngine({ memoryLimit: '24MB' });
    try {
      const big = { kind: 'buffer' as const, data: new TextEncoder().encode(focus(150_000)) };
      const oom = await failure(loadFile(engine, { name: 'big.csv', source: big, adapters }));
      expect(oom.message).toBe("big.csv: does not fit in the engine's memory (24MB cap): split the file or load fewer files at once.");
      const small = { kind: 'buffer' as const, data: new TextEncoder().encode(focus(3)) };
      for (let i = 0; i < 3; i++) {
        const r = await loadFile(engine, { name: `small-${i}.csv`, source: small, adapters }).catch((e: UserError) => e);
        if (r instanceof UserError) expect(r.message).toMatch(/^small-\d\.csv: does not fit in the engine's memory/);
        else expect([r.rows, r.totals]).toEqual([3, { USD: { billed_cost: '3.75', effective_cost: '3.75' } }]);
      }
    } finally {
      await engine.close();
    }
  }, 120_000);

  it('a fatal failure stops the engine: that call and every later one are one-line user errors', async () => {
    const health = new EngineHealth();
    const explain = (e: unknown) => explainEngineError(e, 'The query');
    const ok = await guarded(health, () => 42, explain);
    expect(ok).toBe(42);
    // An ordinary SQL error does not stop the engine.
    await expect(guarded(health, () => Promise.reject(new Error('Binder Error: column "x" not found')), explain)).rejects.toThrow(/Binder Error/);
    expect(health.stopped).toBe(false);
    const fatal = await failure(guarded(health, () => Promise.reject(new Error('RuntimeError: memory access out of bounds\n    at wasm')), explain));
    expect(fatal.message).toBe(
      'The query failed inside the engine (RuntimeError: memory access out of bounds): the engine was stopped; restart it and load the files again.',
    );
    expect(fatal.details.engineStopped).toBe(true);
    expect(health.stopped).toBe(true);
    let ran = false;
    const later = await failure(guarded(health, () => (ran = true), explain));
    expect(ran).toBe(false);
    expect(later.message).toBe(
      'Engine stopped after an earlier failure (RuntimeError: memory access out of bounds): restart it and load the files again; nothing more is read or changed on it.',
    );
    for (const m of [
      'FATAL Error: Failed: database has been invalidated because of a previous fatal error',
      'INTERNAL Error: Attempted to access index 3',
    ]) {
      expect(explainEngineError(new Error(m), 'The statement')).toMatchObject({ details: { engineStopped: true } });
    }
  });
});
