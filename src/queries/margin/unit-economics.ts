/**
 * Unit economics per SKU (and per customer of a SKU), for all periods, one month or over time:
 * billed units, price per unit (revenue ÷ billed units), cost per unit (cost ÷ metered units) and
 * margin per unit (price − cost per unit). Price and cost per unit are the margin analysis' exact
 * quotients of its unrounded sums, rounded once to UNIT_SCALE decimals (half away from zero);
 * margin per unit is their exact difference, so the three columns always agree.
 */
import { ident } from '../../engine/sql';
import { allOf, cond } from '../condition';
import { defineQuery, type Query } from '../query';
import { ANALYSIS_TABLES } from '../tables';

/** Decimals of price, cost and margin per unit (src/analysis/margin: ratio(…, 10)). */
export const UNIT_SCALE = 10;

export interface UnitEconomicsParams {
  currency: string;
  /** 'all', 'YYYY-MM' (that period) or 'over-time' (one row per period). */
  period: string;
  /** Per customer of this SKU; null for per SKU. */
  sku?: string | null;
  reporting?: boolean;
}

export type UnitEconomicsRow = {
  sku: string;
  customer_id: string;
  period: string;
  currency: string;
  billed_quantity: string | null;
  metered_quantity: string | null;
  unit_price: string | null;
  unit_cost: string | null;
  unit_margin: string | null;
  revenue: string | null;
  cost: string | null;
  negative_margin: boolean;
};

export function unitEconomics(p: UnitEconomicsParams): Query<UnitEconomicsRow> {
  const perCustomer = p.sku !== undefined && p.sku !== null;
  const overTime = p.period === 'over-time';
  const level = perCustomer ? 'sku_customer' : overTime || p.period !== 'all' ? 'sku_period' : 'sku';
  const where = allOf(
    cond('level = ?', level),
    cond('currency = ?', p.currency),
    perCustomer && cond('sku = ?', p.sku!),
    !perCustomer && !overTime && p.period !== 'all' && cond('period = ?', p.period),
  );
  return defineQuery(
    'margin/unit-economics',
    `SELECT sku, customer_id, period, currency, billed_quantity, metered_quantity, unit_price, unit_cost,
            unit_price - unit_cost AS unit_margin, revenue, cost, negative_margin
     FROM ${ident(p.reporting ? ANALYSIS_TABLES.marginReporting : ANALYSIS_TABLES.margin)}
     WHERE ${where.sql} ORDER BY period, sku, customer_id`,
    where.params,
  );
}

/** Losing SKUs (negative margin, all periods) with their unit figures, the largest loss first. */
export function losingSkus(p: { currency: string; reporting?: boolean }): Query<UnitEconomicsRow> {
  return defineQuery(
    'margin/losing-skus',
    `SELECT sku, customer_id, period, currency, billed_quantity, metered_quantity, unit_price, unit_cost,
            unit_price - unit_cost AS unit_margin, revenue, cost, negative_margin
     FROM ${ident(p.reporting ? ANALYSIS_TABLES.marginReporting : ANALYSIS_TABLES.margin)}
     WHERE level = ? AND currency = ? AND negative_margin ORDER BY margin, sku`,
    ['sku', p.currency],
  );
}
