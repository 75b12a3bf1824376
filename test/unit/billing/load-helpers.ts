/** Test helpers: load in-memory files through the real ingest pipeline with the billing adapters. */
import type { Engine } from '../../../src/engine/engine';
import { loadFile, type LoadResult } from '../../../src/ingest/pipeline';
import { createAdapterRegistry } from '../../../src/ingest/registry';
import type { BillingConfig } from '../../../src/model/mappings';
import { ensureCanonicalTables } from '../../../src/engine/ddl';

export async function loadText(engine: Engine, name: string, text: string, config?: BillingConfig): Promise<LoadResult> {
  return loadFile(engine, { name, source: { kind: 'buffer', data: new TextEncoder().encode(text) }, adapters: createAdapterRegistry(config) });
}

export async function resetTables(engine: Engine): Promise<void> {
  for (const t of ['usage_events', 'invoice_lines', 'price_book', 'cost_lines', 'cost_tags']) await engine.exec(`DROP TABLE IF EXISTS ${t}`);
  await ensureCanonicalTables(engine);
}

export async function errorOf(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the load to fail');
}
