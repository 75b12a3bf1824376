/**
 * Staging for billing analyses, in the engine: SKU aliases applied, periods assigned, exact
 * duplicates ranked (dedupe key = source + event id, usage-staging.ts), credit-note items resolved to
 * the fee they credit. Temp tables `__rc_*` are rebuilt on every run and read by reconcile, margin and SLIs.
 */
import type { Engine } from '../../engine/engine';
import type { BillingConfig } from '../../model/mappings';
import { ensureCanonicalTables } from '../../engine/ddl';
import { periodStartSql } from './period';
import { stageUsageFromEvents } from './usage-staging';

export { RECONCILED_KINDS } from './usage-staging';

export interface StagingOptions {
  /** The usage aggregates (usage-staging.ts) are already in the engine, computed where the events live. */
  usageStaged?: boolean;
}

export async function prepareBillingTables(engine: Engine, cfg: BillingConfig, opts: StagingOptions = {}): Promise<void> {
  await ensureCanonicalTables(engine);
  const g = cfg.period;
  await engine.exec('CREATE OR REPLACE TEMP TABLE __rc_alias (name VARCHAR, sku VARCHAR)');
  for (const [name, sku] of Object.entries(cfg.skuAliases)) {
    await engine.query('INSERT INTO __rc_alias VALUES (?, ?)', [name, sku]);
  }
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
  // Metered quantity and event groups per customer × SKU × period, shared by reconcile, margin and SLIs.
  if (!opts.usageStaged) await stageUsageFromEvents(engine, cfg);
  await engine.exec(`CREATE OR REPLACE TEMP TABLE __rc_pb AS
    SELECT coalesce(a.sku, p.sku) AS sku, p.currency, p.unit_price, p.tier_mode, p.tier_from, p.tier_to, p.free_quantity, p.valid_from, p.valid_to
    FROM price_book p LEFT JOIN __rc_alias a ON a.name = p.sku`);
  await engine.exec(`CREATE OR REPLACE TEMP TABLE __rc_skus AS SELECT sku FROM __rc_pb UNION SELECT DISTINCT sku FROM __rc_metered`);
}
