/** A generated scenario in chDB: loaded from files into a local engine, then copied table by table into ClickHouse tables. */
import type { Engine } from '../../../src/engine/engine';
import { CANONICAL_TABLES } from '../../../src/model/schema';
import { chCreateTableSql, chIdent } from '../../../src/warehouse/clickhouse-sql';
import type { ChdbWarehouse } from '../../../src/warehouse/node-chdb-client';
import { WAREHOUSE_TABLES, type WarehouseSource } from '../../../src/warehouse/settings';

/**
 * The source the scenario's warehouse is read through: tables of canonical names in `db`; the cost
 * lines' tags read from their Tags column (a FOCUS export has no cost_tags table) unless `tables` maps one.
 */
export const scenarioSource = (db: string, tables: WarehouseSource['tables'] = {}): WarehouseSource => ({
  kind: 'clickhouse',
  host: 'localhost',
  port: 8123,
  secure: false,
  database: db,
  user: 'default',
  tables: { ...Object.fromEntries(WAREHOUSE_TABLES.filter((t) => t !== 'cost_tags').map((t) => [t, { table: t }])), ...tables },
});

/**
 * Copies every warehouse table the run reads from `engine` (loaded from files) into chDB database `db`;
 * `emptyTables` are created only, `where` keeps some rows of a table (a SQL condition).
 */
export async function copyToChdb(
  engine: Engine,
  ch: ChdbWarehouse,
  db: string,
  emptyTables: readonly string[] = [],
  where: Partial<Record<string, string>> = {},
): Promise<void> {
  await ch.exec(`CREATE DATABASE IF NOT EXISTS ${chIdent(db)}`);
  for (const t of WAREHOUSE_TABLES) {
    await ch.exec(`DROP TABLE IF EXISTS ${chIdent(db)}.${chIdent(t)}`);
    await ch.exec(chCreateTableSql(t, db));
    const cols = CANONICAL_TABLES[t].map((c) => c.name);
    const rows = emptyTables.includes(t)
      ? []
      : await engine.query(`SELECT ${cols.map((c) => `"${c}"`).join(', ')} FROM ${t}${where[t] ? ` WHERE ${where[t]}` : ''}`);
    if (!rows.length || emptyTables.includes(t)) continue;
    const text = rows.map((r) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))).join('\n');
    await ch.exec(`INSERT INTO ${chIdent(db)}.${chIdent(t)} SETTINGS date_time_input_format = 'best_effort' FORMAT JSONEachRow ${text}`);
  }
}

/** Outputs a warehouse run computes from pushed-down usage aggregates and series, byte-identical to the file run's (fraud rules still read single events). */
export const PUSHED_DOWN_OUTPUTS = [
  'reconciliation.csv',
  'event_findings.csv',
  'margin.csv',
  'margin_detail.csv',
  'provider_check.csv',
  'anomalies.csv',
  'proposals.csv',
  'proposals.json',
];
