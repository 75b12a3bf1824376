/** Billed and effective provider cost in one currency for a period, and which other currencies were left out. */
import { allOf, inPeriod } from '../condition';
import { defineQuery, type Query } from '../query';

export interface CostTotalsParams {
  currency: string;
  /** 'all' or 'YYYY-MM' (UTC). */
  period: string;
}

export type CostTotalsRow = {
  billed: string | null;
  effective: string | null;
  lines: number;
  /** Lines in any other currency (or none), never added to the figures. */
  other_lines: number;
  /** Those other currencies, comma-separated; null when there are none. */
  other: string | null;
};

export function costTotals({ currency, period }: CostTotalsParams): Query<CostTotalsRow> {
  const where = allOf(inPeriod('ChargePeriodStart', period));
  return defineQuery(
    'cost/totals',
    `SELECT sum(BilledCost) FILTER (WHERE BillingCurrency = ?) AS billed,
            sum(EffectiveCost) FILTER (WHERE BillingCurrency = ?) AS effective,
            count(*) FILTER (WHERE BillingCurrency = ?) AS lines,
            count(*) FILTER (WHERE BillingCurrency IS DISTINCT FROM ?) AS other_lines,
            string_agg(DISTINCT coalesce(BillingCurrency, '(no currency)'), ', ') FILTER (WHERE BillingCurrency IS DISTINCT FROM ?) AS other
     FROM cost_lines WHERE ${where.sql}`,
    [currency, currency, currency, currency, currency, ...where.params],
  );
}
