/**
 * `analyze --source clickhouse://user@host:port/db?…`: the heavy part of the run pushed down to the
 * warehouse that holds the events (src/warehouse). The password comes from FINOPS_CLICKHOUSE_PASSWORD
 * and goes nowhere else: not into the summary, a log line or an error.
 */
import type { Engine } from '../engine/engine';
import type { BillingConfig } from '../model/mappings';
import type { WarehouseClient } from '../warehouse/client';
import { pushdownLoad, type PushdownResult } from '../warehouse/pushdown';
import { describeSource, parseSourceUrl, PASSWORD_ENV, type WarehouseSource } from '../warehouse/settings';
import type { OptionSpec } from './command';

export const SOURCE_OPTION: OptionSpec = {
  type: 'string',
  value: 'URL',
  help: `Warehouse holding usage events, invoice lines and cost lines: clickhouse://user@host:port/db[?usage_events=T&invoice_lines=T&cost_lines=T&cost_tags=T&price_book=T&secure=0] (password in ${PASSWORD_ENV}) or chdb:///folder?database=db`,
};

async function openClient(source: WarehouseSource): Promise<WarehouseClient> {
  if (source.kind === 'chdb') return (await import('../warehouse/node-chdb-client')).openChdb(source.path);
  const { openClickHouse } = await import('../warehouse/node-clickhouse-client');
  return openClickHouse(source, { password: process.env[PASSWORD_ENV] });
}

export interface WarehouseLoad extends PushdownResult {
  source: string;
  ms: number;
}

/** Pushes the usage aggregates down to the source and lands them (and the smaller tables) in `engine`. */
export async function loadFromWarehouse(url: string, engine: Engine, cfg: BillingConfig): Promise<WarehouseLoad> {
  const source = parseSourceUrl(url);
  const t0 = performance.now();
  const client = await openClient(source);
  try {
    const r = await pushdownLoad(client, engine, source, cfg);
    return { source: describeSource(source), ...r, ms: Math.round(performance.now() - t0) };
  } finally {
    await client.close();
  }
}
