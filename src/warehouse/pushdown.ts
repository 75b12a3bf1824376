/**
 * The warehouse run's load step: the usage aggregates computed in the warehouse (clickhouse-sql.ts)
 * land in the local engine's aggregate tables (usage-staging.ts), the usage anomaly series in
 * theirs (usage-series-staged.ts, usage-series-sql.ts), and the smaller canonical
 * tables (invoice lines, price book, cost lines and their tags) as rows; the run then goes on with
 * `usageStaged` as for files. Counts what crossed the wire, for the bench and the summary.
 */
import type { Engine } from '../engine/engine';
import { ensureCanonicalTables } from '../engine/ddl';
import { ident } from '../engine/sql';
import type { BillingConfig } from '../model/mappings';
import { CANONICAL_TABLES } from '../model/schema';
import { createUsageAggregateTables } from '../analysis/reconcile/usage-staging';
import { createUsageSeriesTables, MAX_CATEGORY_VALUES, USAGE_SERIES_KEYS_TABLE, USAGE_SERIES_TABLE } from '../analysis/anomaly/usage-series-staged';
import { createCostAggregateTables } from '../analysis/reconcile/cost-staging';
import { refuseFilesBesideStaged } from '../analysis/reconcile/staged-alone';
import { COST_SERIES_KEYS_TABLE, COST_SERIES_TABLE, createCostSeriesTables } from '../analysis/anomaly/cost-series-staged';
import type { WarehouseClient } from './client';
import { costAggregateQueries, costParams, costSeriesSql, costTagKeysSql, tagStorageOf, tagStorageSql, type TagStorage } from './cost-sql';
import { ARROW_SETTINGS, chCanonicalRowsSql, usageAggregateQueries, usageParams } from './clickhouse-sql';
import { describeSource, type WarehouseSource, type WarehouseTable } from './settings';
import { propertyNamesSql, propertyValueCountsSql, usageSeriesSql } from './usage-series-sql';

export interface PushdownResult {
  /** Rows that crossed from the warehouse, per local table. */
  rowsMoved: Record<string, number>;
  bytesMoved: number;
  /** The cost aggregates were staged (the source maps cost lines): run with `costStaged`. */
  costStaged: boolean;
}

const STAGE = '__wh_stage';

/** One load's way to the warehouse: its client, the local engine, and the bytes that crossed so far. */
interface Fetcher {
  client: WarehouseClient;
  engine: Engine;
  bytes: number;
}

/** Runs `sql` in the warehouse and lands its Arrow in STAGE (replacing it); counts the bytes, returns the rows. */
async function fetchStaged(f: Fetcher, sql: string, params?: Record<string, unknown>): Promise<number> {
  const ipc = await f.client.queryArrow(sql + ARROW_SETTINGS, params);
  f.bytes += ipc.byteLength;
  await f.engine.exec(`DROP TABLE IF EXISTS ${STAGE}`);
  await f.engine.insertArrowIPC(STAGE, ipc, { create: true });
  const [r] = await f.engine.query<{ n: number }>(`SELECT count(*) AS n FROM ${STAGE}`);
  return Number(r.n);
}

/** Canonical tables the warehouse holds rows of, besides the usage events it aggregates. */
const ROW_TABLES: WarehouseTable[] = ['invoice_lines', 'price_book'];

export async function pushdownLoad(client: WarehouseClient, engine: Engine, source: WarehouseSource, cfg: BillingConfig): Promise<PushdownResult> {
  await ensureCanonicalTables(engine);
  const costStaged = source.tables.cost_lines !== undefined;
  // Before any work in the warehouse: its run would leave events or cost lines loaded from files out.
  await refuseFilesBesideStaged(
    engine,
    { usageStaged: true, costStaged },
    describeSource(source),
    ', or name no cost_lines table: cost_lines= in the URL',
  );
  const rowsMoved: Record<string, number> = {};
  const f: Fetcher = { client, engine, bytes: 0 };
  for (const t of ROW_TABLES) {
    if (!source.tables[t]) continue;
    rowsMoved[t] = await fetchStaged(f, chCanonicalRowsSql(source, t));
    // BY NAME with casts: timestamps travel as text, integers and decimals keep their types.
    const cols = CANONICAL_TABLES[t].map((c) => `CAST(${ident(c.name)} AS ${c.type}) AS ${ident(c.name)}`).join(', ');
    await engine.exec(`INSERT INTO ${ident(t)} BY NAME SELECT ${cols} FROM ${STAGE}`);
  }
  await createUsageAggregateTables(engine);
  const params = usageParams(cfg.skuAliases);
  for (const q of usageAggregateQueries(source, cfg.period, cfg.suspectedDuplicateWindowSeconds)) {
    rowsMoved[q.target] = await fetchStaged(f, q.sql, params);
    if (q.target === '__wh_group_rows') {
      // Each group's first source rows become its id, file and row lists, in their ranked order.
      await engine.exec(`CREATE OR REPLACE TEMP TABLE __wh_group_lists AS
        SELECT code, cust, sku, pstart, list(event_id ORDER BY source_file, source_row) AS ids, list(source_file ORDER BY source_file, source_row) AS files,
          list(source_row ORDER BY source_file, source_row) AS "rows" FROM ${STAGE} GROUP BY ALL`);
    } else if (q.target === '__rc_ev_groups') {
      await engine.exec(`CREATE OR REPLACE TEMP TABLE __wh_groups AS SELECT * FROM ${STAGE}`);
    } else {
      await engine.exec(`INSERT INTO ${q.target} BY NAME SELECT * FROM ${STAGE}`);
    }
  }
  await engine.exec(`INSERT INTO __rc_ev_groups BY NAME
    SELECT g.code, g.cust, g.sku, g.period, g.pstart, g.q, g.n, l.ids, l.files, l."rows"
    FROM __wh_groups g JOIN __wh_group_lists l ON l.code = g.code AND l.cust = g.cust AND l.sku = g.sku AND l.pstart IS NOT DISTINCT FROM g.pstart`);
  await engine.exec(`DROP TABLE IF EXISTS __wh_groups; DROP TABLE IF EXISTS __wh_group_lists`);
  await stageUsageSeries(f, source, rowsMoved);
  if (costStaged) await stageCost(f, source, cfg, rowsMoved);
  await engine.exec(`DROP TABLE IF EXISTS ${STAGE}`);
  return { rowsMoved, bytesMoved: f.bytes, costStaged };
}

/** The usage anomaly series (usage-series-staged.ts): property keys chosen in the warehouse, then the daily groups. */
async function stageUsageSeries(f: Fetcher, source: WarehouseSource, rowsMoved: Record<string, number>): Promise<void> {
  const { engine } = f;
  const fetch = (q: { sql: string; params: Record<string, unknown> }) => fetchStaged(f, q.sql, q.params);
  await createUsageSeriesTables(engine);
  await fetch(propertyNamesSql(source));
  const names = (await engine.query<{ name: string }>(`SELECT name FROM ${STAGE} ORDER BY rowid`)).map((r) => r.name);
  let kept: string[] = [];
  if (names.length) {
    await fetch(propertyValueCountsSql(source, names));
    const [counts] = await engine.query<Record<string, number>>(`SELECT * FROM ${STAGE}`);
    // A property with many values in the sample is a measure (the quantity, a request id), not a category.
    kept = names.filter((_, i) => Number(counts[`n${i}`]) <= MAX_CATEGORY_VALUES);
  }
  for (const [i, name] of kept.entries()) await engine.query(`INSERT INTO ${USAGE_SERIES_KEYS_TABLE} VALUES (?, ?)`, [i, name]);
  rowsMoved[USAGE_SERIES_KEYS_TABLE] = names.length;
  rowsMoved[USAGE_SERIES_TABLE] = await fetch(usageSeriesSql(source, kept));
  await engine.exec(`INSERT INTO ${USAGE_SERIES_TABLE} BY NAME SELECT * FROM ${STAGE}`);
}

/**
 * The cost side (cost-sql.ts): how the lines hold their tags, then cost per tag value × day, the
 * provider check's groups, the first-seen region sums, the ranked tag keys and the daily cost
 * series, each landed in its aggregate table.
 */
async function stageCost(f: Fetcher, source: WarehouseSource, cfg: BillingConfig, rowsMoved: Record<string, number>): Promise<void> {
  const { engine } = f;
  const fetch = (sql: string, params: Record<string, unknown>) => fetchStaged(f, sql, params);
  const typeQuery = tagStorageSql(source);
  let storage: TagStorage = 'table';
  if (typeQuery) {
    await fetch(typeQuery.sql, typeQuery.params);
    const [col] = await engine.query<{ type: string }>(`SELECT type FROM ${STAGE}`);
    storage = tagStorageOf(source, col?.type);
  }
  await createCostAggregateTables(engine);
  const params = costParams(cfg);
  for (const q of costAggregateQueries(source, storage)) {
    rowsMoved[q.target] = await fetch(q.sql, params);
    await engine.exec(`INSERT INTO ${q.target} BY NAME SELECT * FROM ${STAGE}`);
  }
  await createCostSeriesTables(engine);
  rowsMoved[COST_SERIES_KEYS_TABLE] = await fetch(costTagKeysSql(source, storage), params);
  const keys = (await engine.query<{ key: string }>(`SELECT key FROM ${STAGE} ORDER BY rowid`)).map((r) => r.key);
  for (const [i, key] of keys.entries()) await engine.query(`INSERT INTO ${COST_SERIES_KEYS_TABLE} VALUES (?, ?)`, [i, key]);
  const series = costSeriesSql(source, storage, keys);
  rowsMoved[COST_SERIES_TABLE] = await fetch(series.sql, series.params);
  await engine.exec(`INSERT INTO ${COST_SERIES_TABLE} BY NAME SELECT * FROM ${STAGE}`);
}
