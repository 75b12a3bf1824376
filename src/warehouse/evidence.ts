/**
 * Evidence on demand: the source events behind one event finding, read from the warehouse when the
 * analyst drills into it (the run brought back only the first few per group). One bounded query,
 * landed in the local engine so its values read as every drill's do (exact decimal strings).
 */
import type { Engine } from '../engine/engine';
import type { BillingConfig } from '../model/mappings';
import type { EventFinding } from '../model/findings';
import { EVENT_GROUP_CODES } from '../analysis/reconcile/usage-staging';
import type { WarehouseClient } from './client';
import { ARROW_SETTINGS, findingEvidenceSql, usageParams } from './clickhouse-sql';
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
