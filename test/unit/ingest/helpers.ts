/** Test helpers for ingest: one engine per file, in-memory CSV/JSON sources. */
import { createNodeEngine } from '../../../src/engine/node-engine';
import type { Engine } from '../../../src/engine/engine';
import { loadFile, type LoadFileInput, type LoadResult } from '../../../src/ingest/pipeline';
import { createAdapterRegistry } from '../../../src/ingest/registry';

export { createNodeEngine };

/** The stock registry (no billing config), as `finops inspect` uses it. */
export const adapters = createAdapterRegistry();
export type { Engine };

export function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export function loadText(engine: Engine, name: string, text: string | Uint8Array, extra: Partial<LoadFileInput> = {}): Promise<LoadResult> {
  const data = typeof text === 'string' ? bytes(text) : text;
  return loadFile(engine, { name, source: { kind: 'buffer', data }, adapters, ...extra });
}

/** The message of the UserError `p` rejects with (fails the test if it resolves). */
export async function errorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if ((e as Error).name !== 'UserError') throw e;
    return (e as Error).message;
  }
  throw new Error('expected the load to fail');
}

/** A minimal FOCUS 1.0 CSV with the given data rows (BilledCost, EffectiveCost, currency, tags). */
export function focusCsv(rows: Array<[string, string, string, string?]>): string {
  const head = 'BilledCost,EffectiveCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ServiceName,ProviderName,Tags';
  const lines = rows.map(
    ([b, e, c, t]) =>
      `${b},${e},${c},2024-09-01 00:00:00,2024-09-02 00:00:00,Usage,Compute,Acme,${t === undefined ? 'NULL' : '"' + t.replace(/"/g, '""') + '"'}`,
  );
  return [head, ...lines].join('\n') + '\n';
}
