/**
 * The Overview's figures for the selected period and currency: margin, reconciliation and usage
 * tiles (provider cost comes from cost/totals.ts). Each sums exact decimals; formatting is the screen's.
 */
import { ident } from '../../engine/sql';
import { UNALLOCATED } from '../../analysis/margin/margin';
import { allOf, cond, inPeriod, type Condition } from '../condition';
import { defineQuery, type Query } from '../query';
import { ANALYSIS_TABLES } from '../tables';
import { resultScope, type ResultScope } from '../reconciliation/scope';

export type OverviewScope = ResultScope;

export type MarginTileRow = {
  revenue: string | null;
  cost: string | null;
  margin: string | null;
  /** SKU rows behind the totals (0: no margin for this currency and period). */
  n: number;
  /** Provider cost on the unallocated line (no SKU tag). */
  unallocated: string | null;
};

/** Totals come from the summed currency (or period) row; the row count and unallocated share from the SKU rows. */
export function overviewMargin({ currency, period }: OverviewScope): Query<MarginTileRow> {
  const level = (all: string, perPeriod: string): Condition =>
    period === 'all' ? cond('level = ?', all) : cond('level = ? AND period = ?', perPeriod, period);
  const totals = allOf(cond('currency = ?', currency), level('currency', 'period'));
  const skus = allOf(cond('currency = ?', currency), level('sku', 'sku_period'));
  const unallocated = allOf(skus, cond('sku = ?', UNALLOCATED));
  const table = ident(ANALYSIS_TABLES.margin);
  return defineQuery(
    'overview/margin',
    `SELECT t.revenue, t.cost, t.margin, (SELECT count(*) FROM ${table} WHERE ${skus.sql}) AS n,
            (SELECT sum(cost) FROM ${table} WHERE ${unallocated.sql}) AS unallocated
     FROM (SELECT any_value(revenue) AS revenue, any_value(cost) AS cost, any_value(margin) AS margin
           FROM ${table} WHERE ${totals.sql}) t`,
    [...skus.params, ...unallocated.params, ...totals.params],
  );
}

export type ReconciliationTileRow = {
  /** Sum of billed − expected over the rows. */
  delta: string | null;
  n: number;
  /** Rows neither matched nor within tolerance. */
  off: number;
};

export function overviewReconciliation(p: OverviewScope): Query<ReconciliationTileRow> {
  const where = resultScope(p);
  return defineQuery(
    'overview/reconciliation',
    `SELECT sum(amount_delta) AS delta, count(*) AS n, count(*) FILTER (WHERE status NOT IN ('matched', 'within_tolerance')) AS off
     FROM ${ident(ANALYSIS_TABLES.reconciliation)} WHERE ${where.sql}`,
    where.params,
  );
}

export type UsageTileRow = {
  /** Usage events in the period. */
  n: number;
  /** Events without a customer id (unattributed). */
  un: number;
  q: string | null;
  uq: string | null;
};

/** Usage events of the period (any currency: events carry none). */
export function overviewUsage({ period }: Pick<OverviewScope, 'period'>): Query<UsageTileRow> {
  const where = allOf(inPeriod('ts', period));
  return defineQuery(
    'overview/usage',
    `SELECT count(*) AS n, count(*) FILTER (WHERE coalesce(customer_id, '') = '') AS un,
            sum(quantity) AS q, sum(quantity) FILTER (WHERE coalesce(customer_id, '') = '') AS uq
     FROM usage_events WHERE ${where.sql}`,
    where.params,
  );
}
