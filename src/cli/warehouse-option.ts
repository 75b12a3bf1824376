/**
 * `analyze --source clickhouse://user@host:port/db?…`: the heavy part of the run pushed down to the
 * warehouse that holds the events (src/warehouse). The password comes from FINOPS_CLICKHOUSE_PASSWORD
 * and goes nowhere else: not into the summary, a log line or an error.
 */
import type { Engine } from '../engine/engine';
import type { BillingConfig } from '../model/mappings';
import { loadWarehouseSource, type WarehouseLoad } from '../warehouse/node-open-source';
import { parseSourceUrl, PASSWORD_ENV } from '../warehouse/settings';
import type { OptionSpec } from './command';

export const SOURCE_OPTION: OptionSpec = {
  type: 'string',
  value: 'URL',
  help: `Warehouse holding usage events, invoice lines and cost lines: clickhouse://user@host:port/db[?usage_events=T&invoice_lines=T&cost_lines=T&cost_tags=T&price_book=T&secure=0] (T empty: that table is not in the warehouse; cost tags from cost_lines.Tags, JSON or Map(String, String), unless cost_tags names a table; password in ${PASSWORD_ENV}) or chdb:///folder?database=db`,
};

export async function loadFromWarehouse(url: string, engine: Engine, cfg: BillingConfig): Promise<WarehouseLoad> {
  return loadWarehouseSource(parseSourceUrl(url), process.env[PASSWORD_ENV], engine, cfg);
}
