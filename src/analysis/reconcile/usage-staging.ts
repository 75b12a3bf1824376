/**
 * The usage side of the billing staging, as aggregates: the tables reconcile, margin and the SLIs
 * read instead of single events. `__rc_metered` (deduplicated quantity per customer × SKU ×
 * period), `__rc_ev_groups` (the event findings' groups: exact and suspected duplicates, late
 * events, usage outside any subscription, each with its quantity, count and first source rows),
 * `__rc_ev_daily` (first-seen events per day) and `__rc_ev_stats` (events, duplicates,
 * unattributed). Built here from the per-event `__rc_ev` for files; a warehouse pushdown
 * (src/warehouse) computes the same tables where the events live, and the run skips this step.
 */
import { createTempTables } from '../../engine/ddl';
import type { Engine } from '../../engine/engine';
import type { BillingConfig } from '../../model/mappings';
import { periodFormatSql, periodStartSql } from './period';

/** Event findings grouped per customer × SKU × period, in the order reconcile reports them. */
export const EVENT_GROUP_CODES = ['duplicate_event', 'suspected_duplicate', 'late_event', 'outside_subscription'] as const;
/** Event ids and source rows kept per group (the rest are one drill-down away). */
export const MAX_GROUP_IDS = 50;
/** Ledger kinds compared with metered usage (others: subscriptions, tax, invoice totals, payments). */
export const RECONCILED_KINDS = ['usage', 'fee', 'charge', 'credit'];
export const RECONCILED_KINDS_SQL = RECONCILED_KINDS.map((k) => `'${k}'`).join(', ');
/**
 * The order of the suspected-duplicate window, the same text in DuckDB and ClickHouse: events at
 * the same instant follow by id, then where they came from; never by load order, so which of two
 * simultaneous events is the suspect does not depend on the order their files were loaded or stored.
 */
export const SUSPECT_ORDER_SQL = 'ts ASC NULLS LAST, event_id ASC NULLS LAST, source_file ASC NULLS LAST, source_row ASC NULLS LAST';

/** Column types of the aggregate tables, so a pushdown's Arrow lands in the same shape. */
export const USAGE_AGGREGATE_DDL = {
  __rc_metered: 'cust VARCHAR, sku VARCHAR, pstart TIMESTAMP, period VARCHAR, mq DECIMAL(38,18)',
  __rc_ev_groups:
    'code VARCHAR, cust VARCHAR, sku VARCHAR, period VARCHAR, pstart TIMESTAMP, q DECIMAL(38,18), n BIGINT, ids VARCHAR[], files VARCHAR[], "rows" BIGINT[]',
  __rc_ev_daily: 'day VARCHAR, n BIGINT',
  __rc_ev_stats: 'events BIGINT, dups BIGINT, unattributed BIGINT',
} as const;
export type UsageAggregateTable = keyof typeof USAGE_AGGREGATE_DDL;

/** Empty aggregate tables (a pushdown appends its Arrow results to them). */
export async function createUsageAggregateTables(engine: Engine): Promise<void> {
  await createTempTables(engine, USAGE_AGGREGATE_DDL);
}

/** Builds the per-event `__rc_ev` from usage_events, then every aggregate table from it (the file run). */
export async function stageUsageFromEvents(engine: Engine, cfg: BillingConfig): Promise<void> {
  const g = cfg.period;
  // Only ids seen more than once need ranking: a hash aggregate finds them, and the window sorts those few.
  await engine.exec(`CREATE OR REPLACE TEMP TABLE __rc_evdup AS
    SELECT source, event_id FROM usage_events WHERE event_id IS NOT NULL GROUP BY source, event_id HAVING count(*) > 1`);
  const cols = `coalesce(e.customer_id, '') AS cust, coalesce(a.sku, e.sku, '') AS sku, e.event_id, e.source, e.ts,
      e.ingested_at, coalesce(e.quantity, 0) AS quantity, e.source_file, e.source_row, e.rowid AS uid,
      ${periodStartSql(g, 'e.ts')} AS pstart`;
  const isDup = 'd.event_id = e.event_id AND d.source IS NOT DISTINCT FROM e.source';
  await engine.exec(`CREATE OR REPLACE TEMP TABLE __rc_ev AS
    SELECT ${cols}, 1 AS dup_rank
    FROM usage_events e LEFT JOIN __rc_alias a ON a.name = e.sku ANTI JOIN __rc_evdup d ON ${isDup}
    UNION ALL
    SELECT ${cols}, row_number() OVER (PARTITION BY e.source, e.event_id ORDER BY e.ingested_at NULLS LAST, e.source_file, e.source_row) AS dup_rank
    FROM usage_events e LEFT JOIN __rc_alias a ON a.name = e.sku SEMI JOIN __rc_evdup d ON ${isDup}`);
  await createUsageAggregateTables(engine);
  await engine.exec(`INSERT INTO __rc_metered
    SELECT cust, sku, pstart, ${periodFormatSql(g, 'pstart')} AS period, sum(quantity) AS mq FROM __rc_ev WHERE dup_rank = 1 GROUP BY cust, sku, pstart`);

  const groups = (code: string, where: string, extraFrom = '') =>
    engine.exec(`INSERT INTO __rc_ev_groups
      SELECT '${code}', e.cust, e.sku, ${periodFormatSql(g, 'e.pstart')}, e.pstart, sum(e.quantity), count(*),
        list(e.event_id ORDER BY e.source_file, e.source_row)[1:${MAX_GROUP_IDS}],
        list(e.source_file ORDER BY e.source_file, e.source_row)[1:${MAX_GROUP_IDS}],
        list(e.source_row ORDER BY e.source_file, e.source_row)[1:${MAX_GROUP_IDS}]
      FROM __rc_ev e ${extraFrom} WHERE ${where} GROUP BY e.cust, e.sku, e.pstart`);
  await groups('duplicate_event', 'e.dup_rank > 1');
  const win = Math.max(0, Math.floor(cfg.suspectedDuplicateWindowSeconds)) * 1000;
  // The window carries only narrow columns; the few suspects are joined back for their details.
  await engine.exec(`CREATE OR REPLACE TEMP TABLE __rc_suspect AS
    SELECT uid FROM (SELECT uid, ts, event_id, lag(ts) OVER w AS prev_ts, lag(event_id) OVER w AS prev_id FROM __rc_ev WHERE dup_rank = 1
      WINDOW w AS (PARTITION BY cust, sku, quantity ORDER BY ${SUSPECT_ORDER_SQL}))
    WHERE prev_ts IS NOT NULL AND date_diff('millisecond', prev_ts, ts) <= ${win} AND event_id IS DISTINCT FROM prev_id`);
  await groups('suspected_duplicate', 'true', 'SEMI JOIN __rc_suspect s ON s.uid = e.uid');
  await engine.exec(`CREATE OR REPLACE TEMP TABLE __rc_issued AS
    SELECT cust, sku, pstart, min(issued_at) AS issued FROM __rc_il WHERE kind IN (${RECONCILED_KINDS_SQL}) AND issued_at IS NOT NULL GROUP BY ALL`);
  await groups(
    'late_event',
    'e.dup_rank = 1 AND e.ingested_at IS NOT NULL AND e.ingested_at > i.issued',
    'JOIN __rc_issued i ON i.cust = e.cust AND i.sku = e.sku AND i.pstart = e.pstart',
  );
  await engine.exec(`CREATE OR REPLACE TEMP TABLE __rc_cover AS
    SELECT DISTINCT cust, CAST(pts AS DATE) AS d0, CAST(pend AS DATE) AS d1 FROM __rc_il WHERE cust <> '' AND kind <> 'invoice_total'`);
  // The range test runs once per customer × day, not per event.
  await engine.exec(`CREATE OR REPLACE TEMP TABLE __rc_outside AS
    SELECT cust, day FROM (SELECT DISTINCT cust, CAST(ts AS DATE) AS day FROM __rc_ev WHERE dup_rank = 1 AND cust <> '') d
    WHERE NOT EXISTS (SELECT 1 FROM __rc_cover c WHERE c.cust = d.cust AND d.day BETWEEN c.d0 AND c.d1)`);
  await groups(
    'outside_subscription',
    'e.dup_rank = 1',
    'SEMI JOIN __rc_outside o ON o.cust = e.cust AND o.day IS NOT DISTINCT FROM CAST(e.ts AS DATE)',
  );

  await engine.exec(`INSERT INTO __rc_ev_daily
    SELECT strftime(ts, '%Y-%m-%d') AS day, count(*) AS n FROM __rc_ev WHERE dup_rank = 1 AND ts IS NOT NULL GROUP BY ALL`);
  await engine.exec(`INSERT INTO __rc_ev_stats
    SELECT count(*), count(*) FILTER (WHERE dup_rank > 1), count(*) FILTER (WHERE dup_rank = 1 AND cust = '') FROM __rc_ev`);
}
