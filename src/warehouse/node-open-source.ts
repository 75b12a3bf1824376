/**
 * Opens a warehouse source and pushes the run's heavy part down to it: the one entry point of the
 * CLI (`--source`) and of the host's engine service (the app's Warehouse panel and its drills). The password is
 * given here and goes only to the client; any failure becomes one line naming the source without it.
 */
import type { Engine } from '../engine/engine';
import type { BillingConfig } from '../model/mappings';
import { UserError } from '../model/errors';
import type { WarehouseClient } from './client';
import { pushdownLoad, type PushdownResult } from './pushdown';
import { describeSource, redact, type WarehouseSource } from './settings';

async function openClient(source: WarehouseSource, password: string | undefined): Promise<WarehouseClient> {
  if (source.kind === 'chdb') return (await import('./node-chdb-client')).openChdb(source.path);
  const { openClickHouse } = await import('./node-clickhouse-client');
  return openClickHouse(source, { password });
}

export interface WarehouseLoad extends PushdownResult {
  source: string;
  ms: number;
}

/**
 * Runs `fn` on a client of `source` and closes it; any failure becomes one line naming the source
 * without the password (the pushdown and the app's drills on the warehouse).
 */
export async function withWarehouse<T>(
  source: WarehouseSource,
  password: string | undefined,
  fn: (client: WarehouseClient) => Promise<T>,
): Promise<T> {
  try {
    const client = await openClient(source, password);
    try {
      return await fn(client);
    } finally {
      await client.close();
    }
  } catch (e) {
    if (e instanceof UserError) throw new UserError(oneLine(e.message, password), { ...e.details });
    const where = describeSource(source);
    throw new UserError(`${where}: ${oneLine(e instanceof Error ? e.message : String(e), password)}`, { file: where });
  }
}

/** Pushes the usage aggregates down to `source` and lands them (and the smaller tables) in `engine`. */
export async function loadWarehouseSource(
  source: WarehouseSource,
  password: string | undefined,
  engine: Engine,
  cfg: BillingConfig,
): Promise<WarehouseLoad> {
  const t0 = performance.now();
  const r = await withWarehouse(source, password, (client) => pushdownLoad(client, engine, source, cfg));
  return { source: describeSource(source), ...r, ms: Math.round(performance.now() - t0) };
}

/** The first line of a driver's message, at most 300 characters, with the password blanked. */
function oneLine(message: string, password: string | undefined): string {
  return redact(message, password).split('\n')[0].slice(0, 300);
}
