/** Revenue and cost per period in one currency, for all SKUs or one: the Margin screen's chart. */
import { ident } from '../../engine/sql';
import { allOf, cond } from '../condition';
import { defineQuery, type Query } from '../query';
import { ANALYSIS_TABLES } from '../tables';

export interface MarginOverTimeParams {
  currency: string;
  /** One SKU, or null (or '') for the sum over SKUs. */
  sku: string | null;
  /** Read the margin converted to the reporting currency (`currency` is then the reporting currency). */
  reporting?: boolean;
}

export type MarginOverTimeRow = { period: string; revenue: string | null; cost: string | null };

export function marginOverTime({ currency, sku, reporting }: MarginOverTimeParams): Query<MarginOverTimeRow> {
  const where = allOf(cond('level = ?', 'sku_period'), cond('currency = ?', currency), !!sku && cond('sku = ?', sku));
  return defineQuery(
    'margin/over-time',
    `SELECT period, sum(revenue) AS revenue, sum(cost) AS cost FROM ${ident(reporting ? ANALYSIS_TABLES.marginReporting : ANALYSIS_TABLES.margin)}
     WHERE ${where.sql} GROUP BY period ORDER BY period`,
    where.params,
  );
}
