/**
 * Staging for billing analyses, in the engine: SKU aliases applied, periods assigned, exact
 * duplicates ranked (dedupe key = source + event id), credit-note items resolved to the fee they
 * credit. Temp tables `__rc_*` are rebuilt on every run and read by reconcile, margin and SLIs.
 */
import type { Engine } from '../../engine/engine';
import type { BillingConfig } from '../../model/mappings';
import { ensureCanonicalTables } from '../../engine/ddl';
import { periodFormatSql, periodStartSql } from './period';

/** Ledger kinds compared with metered usage (others: subscriptions, tax, invoice totals, payments). */
export const RECONCILED_KINDS = ['usage', 'fee', 'charge', 'credit'];

export async function prepareBillingTables(engine: Engine, cfg: BillingConfig): Promise<void> {
  await ensureCanonicalTables(engine);
  const g = cfg.period;
  await engine.exec('CREATE OR REPLACE TEMP TABLE __rc_alias (name VARCHAR, sku VARCHAR)');
  for (const [name, sku] of Object.entries(cfg.skuAliases)) {
    await engine.query('INSERT INTO __rc_alias VALUES (?, ?)', [name, sku]);
  }
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
  await engine.exec(`CREATE OR REPLACE TEMP TABLE __rc_il AS
    SELECT x.*, coalesce(a.sku, x.raw_sku, '') AS sku, ${periodStartSql(g, 'x.pts')} AS pstart
    FROM (
      SELECT l.invoice_id, l.line_id, coalesce(l.customer_id, r.customer_id, '') AS cust, coalesce(l.sku, r.sku) AS raw_sku,
        coalesce(l.period_start, r.period_start, l.issued_at) AS pts, coalesce(l.period_end, r.period_end, l.period_start, r.period_start, l.issued_at) AS pend,
        l.issued_at, CASE WHEN l.kind = 'credit' THEN 0 ELSE coalesce(l.quantity, 0) END AS quantity,
        l.unit_price, coalesce(l.amount, 0) AS amount, l.currency, coalesce(l.kind, 'fee') AS kind, l.source_file, l.source_row
      FROM invoice_lines l
      LEFT JOIN (SELECT DISTINCT ON (line_id) * FROM invoice_lines WHERE line_id IS NOT NULL AND x_ref_line_id IS NULL) r
        ON l.x_ref_line_id = r.line_id
    ) x LEFT JOIN __rc_alias a ON a.name = x.raw_sku`);
  // Metered quantity per customer × SKU × period after dedupe, shared by reconcile, margin and SLIs.
  await engine.exec(`CREATE OR REPLACE TEMP TABLE __rc_metered AS
    SELECT cust, sku, pstart, ${periodFormatSql(g, 'pstart')} AS period, sum(quantity) AS mq FROM __rc_ev WHERE dup_rank = 1 GROUP BY cust, sku, pstart`);
  await engine.exec(`CREATE OR REPLACE TEMP TABLE __rc_pb AS
    SELECT coalesce(a.sku, p.sku) AS sku, p.currency, p.unit_price, p.tier_mode, p.tier_from, p.tier_to, p.free_quantity, p.valid_from, p.valid_to
    FROM price_book p LEFT JOIN __rc_alias a ON a.name = p.sku`);
  await engine.exec(`CREATE OR REPLACE TEMP TABLE __rc_skus AS SELECT sku FROM __rc_pb UNION SELECT DISTINCT sku FROM __rc_metered`);
}
