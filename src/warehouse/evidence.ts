/**
 * Evidence on demand: the source events behind one event finding, read from the warehouse when the
 * analyst drills into it (the run brought back only the first few per group). One bounded query,
 * landed in the local engine so its values read as every drill's do (exact decimal strings).
 */
import type { Engine } from '../engine/engine';
import { ident } from '../engine/sql';
import type { BillingConfig } from '../model/mappings';
import type { EventFinding, EventScope } from '../model/findings';
import { CANONICAL_TABLES } from '../model/schema';
import { EVENT_GROUP_CODES } from '../analysis/reconcile/usage-staging';
import type { WarehouseClient } from './client';
import { ARROW_SETTINGS, canonicalView, findingEvidenceSql, periodSql, pstartSql, usageParams } from './clickhouse-sql';
import type { WarehouseSource } from './settings';

/** Rows a drill-down returns at most (a screenful of pages; the count is in the finding). */
export const EVIDENCE_LIMIT = 10_000;

export type EvidenceRow = {
  source_file: string | null;
  source_row: number;
  event_id: string | null;
  customer_id: string;
  sku: string;
  ts: string | null;
  quantity: string;
};

type GroupCode = (typeof EVENT_GROUP_CODES)[number];
const isGroupCode = (c: string): c is GroupCode => (EVENT_GROUP_CODES as readonly string[]).includes(c);

export async function findingEvidence(
  client: WarehouseClient,
  engine: Engine,
  source: WarehouseSource,
  cfg: BillingConfig,
  finding: Pick<EventFinding, 'code' | 'customer_id' | 'sku' | 'period'>,
  limit = EVIDENCE_LIMIT,
): Promise<EvidenceRow[]> {
  if (!isGroupCode(finding.code)) throw new Error(`${finding.code} findings have no source events in the warehouse`);
  const sql = findingEvidenceSql(source, cfg.period, cfg.suspectedDuplicateWindowSeconds, finding.code) + ARROW_SETTINGS;
  const params = { ...usageParams(cfg.skuAliases), cust: finding.customer_id, sku: finding.sku, period: finding.period, limit };
  const ipc = await client.queryArrow(sql, params);
  await engine.exec('DROP TABLE IF EXISTS __wh_evidence');
  await engine.insertArrowIPC('__wh_evidence', ipc, { create: true });
  const rows = await engine.query<EvidenceRow>(
    `SELECT source_file, source_row, event_id, customer_id, sku, CAST(CAST(ts AS TIMESTAMP) AS VARCHAR) AS ts, CAST(quantity AS VARCHAR) AS quantity
     FROM __wh_evidence ORDER BY source_file, source_row`,
  );
  await engine.exec('DROP TABLE __wh_evidence');
  return rows.map((r) => ({ ...r, source_row: Number(r.source_row) }));
}

/** The columns of an event drill (queries/data/source-rows.ts shows them), in its order. */
const DRILL_COLUMNS = ['source_file', 'source_row', 'event_id', 'customer_id', 'sku', 'ts', 'quantity'] as const;

/**
 * The events of a drill, bounded, in source order: the file drills' conditions (queries/reconciliation/
 * rows-behind.ts, margin/rows-behind.ts, proposals/evidence.ts) in ClickHouse SQL, values bound.
 */
export function eventScopeSql(source: WarehouseSource, scope: EventScope): { sql: string; params: Record<string, unknown> } {
  let where: string;
  let params: Record<string, unknown>;
  if ('eventIds' in scope) {
    where = 'event_id IN {ids:Array(String)}';
    params = { ids: scope.eventIds };
  } else {
    const g = scope.granularity;
    where = `ifNull(customer_id, '') = {cust:String} AND sku = {sku:String}`;
    if (scope.period !== null) where += ` AND ${periodSql(g, pstartSql(g, 'ts'))} = {period:String}`;
    params = { cust: scope.customer, sku: scope.sku, ...(scope.period !== null && { period: scope.period }) };
  }
  const cols = DRILL_COLUMNS.map((c) => (c === 'ts' ? `formatDateTime(ts, '%Y-%m-%d %H:%i:%S.%f', 'UTC') AS ts` : c)).join(', ');
  return {
    // Filtered inside: ClickHouse would read the outer `ts` alias (text) in an outer WHERE.
    sql: `SELECT ${cols} FROM (SELECT * FROM ${canonicalView(source, 'usage_events')} WHERE ${where}
      ORDER BY source_file ASC NULLS LAST, source_row ASC NULLS LAST LIMIT {limit:UInt32})`,
    params,
  };
}

/** Where drilled events land in the local engine, one `drill` key per drill on screen. */
export const DRILL_TABLE = '__wh_drill';

/** Asks the warehouse for a drill's events (at most `limit`) and lands them under `drill`, typed as usage_events; returns their count. */
export async function landEventScope(
  client: WarehouseClient,
  engine: Engine,
  source: WarehouseSource,
  drill: string,
  scope: EventScope,
  limit = EVIDENCE_LIMIT,
): Promise<number> {
  const q = eventScopeSql(source, scope);
  const ipc = await client.queryArrow(q.sql + ARROW_SETTINGS, { ...q.params, limit });
  const type = (c: string) => CANONICAL_TABLES.usage_events.find((x) => x.name === c)!.type;
  await engine.exec(`CREATE TABLE IF NOT EXISTS ${DRILL_TABLE} (drill VARCHAR, ${DRILL_COLUMNS.map((c) => `${ident(c)} ${type(c)}`).join(', ')})`);
  // A stage of its own: two drills on one screen land at the same time.
  const stage = ident(`__wh_drill_stage_${drill}`);
  await engine.exec(`DROP TABLE IF EXISTS ${stage}`);
  await engine.insertArrowIPC(`__wh_drill_stage_${drill}`, ipc, { create: true });
  await engine.query(`DELETE FROM ${DRILL_TABLE} WHERE drill = ?`, [drill]);
  await engine.query(`INSERT INTO ${DRILL_TABLE} SELECT ?, ${DRILL_COLUMNS.map((c) => `CAST(${ident(c)} AS ${type(c)})`).join(', ')} FROM ${stage}`, [
    drill,
  ]);
  await engine.exec(`DROP TABLE ${stage}`);
  const [r] = await engine.query<{ n: number }>(`SELECT count(*) AS n FROM ${DRILL_TABLE} WHERE drill = ?`, [drill]);
  return Number(r.n);
}
