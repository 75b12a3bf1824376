import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../../src/engine/node-engine';
import type { Engine } from '../../../src/engine/engine';
import { UserError } from '../../../src/model/errors';
import { loadFile } from '../../../src/ingest/pipeline';
import { createAdapterRegistry } from '../../../src/ingest/registry';

/** A FOCUS 1.2-shaped CSV large enough to overflow a tiny memory cap once materialised. */
function bigFocusCsv(rows: number): Uint8Array {
  const head =
    'BilledCost,BillingAccountId,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargeCategory,ChargePeriodStart,ChargePeriodEnd,EffectiveCost,ServiceName,ResourceId,Tags\n';
  const parts: string[] = [head];
  for (let i = 0; i < rows; i++) {
    parts.push(
      `${(i % 997) / 100},acct-${i % 13},USD,2024-03-01T00:00:00Z,2024-04-01T00:00:00Z,Usage,2024-03-01T00:00:00Z,2024-03-02T00:00:00Z,${(i % 991) / 100},Service ${i % 50},resource-${i}-${'x'.repeat(40)},"{""customer"":""c${i % 100}"",""sku"":""s${i % 7}""}"\n`,
    );
  }
  return new TextEncoder().encode(parts.join(''));
}

describe('engine memory cap', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createNodeEngine({ memoryLimit: '24MB' });
  });
  afterAll(async () => engine?.close());

  it('a file that does not fit fails with a clear message, and the engine stays usable', async () => {
    let err: unknown;
    try {
      await loadFile(engine, { name: 'too-big.csv', adapters: createAdapterRegistry(), source: { kind: 'buffer', data: bigFocusCsv(150_000) } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toBe("too-big.csv: does not fit in the engine's memory (24MB cap): split the file or load fewer files at once.");
    expect((err as Error).message).not.toMatch(/\n\s+at /); // no stack trace in the message
    // Nothing half-loaded, and the engine still answers.
    const [r] = await engine.query('SELECT count(*) AS n FROM cost_lines');
    expect(r.n).toBe(0);
  });
});
