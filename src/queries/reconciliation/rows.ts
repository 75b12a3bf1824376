/** Reconciliation rows (customer × SKU × period) for the currency and period, filtered by status and text. */
import { ident, literal } from '../../engine/sql';
import { allOf, cond } from '../condition';
import { defineQuery, type Query } from '../query';
import { ANALYSIS_TABLES } from '../tables';
import { NO_CUSTOMER } from '../labels';
import { resultScope, type ResultScope } from './scope';

/** Status names with a symbol so meaning never rests on colour alone. */
export const STATUS_LABEL: Record<string, string> = {
  matched: '✓ matched',
  within_tolerance: '≈ within tolerance',
  overbilled: '▲ overbilled',
  underbilled: '▼ underbilled',
  unbilled: '○ unbilled',
  billed_only: '◆ billed, no usage',
  rate_mismatch: '≠ rate mismatch',
  unattributed: '? unattributed',
};

const STATUS_LABEL_SQL = `CASE status ${Object.entries(STATUS_LABEL)
  .map(([k, v]) => `WHEN ${literal(k)} THEN ${literal(v)}`)
  .join(' ')} ELSE status END`;

export interface ReconciliationRowsParams extends ResultScope {
  /** One status, or '' for all. */
  status?: string;
  /** Part of a customer id or SKU, or '' for all. */
  text?: string;
}

export type ReconciliationGridRow = {
  /** The customer id, or NO_CUSTOMER. */
  customer: string;
  customer_id: string | null;
  sku: string;
  period: string;
  status: string;
  status_label: string;
  metered_quantity: string | null;
  billed_quantity: string | null;
  quantity_delta: string | null;
  expected_amount: string | null;
  billed_amount: string | null;
  amount_delta: string | null;
  currency: string;
};

export function reconciliationRows(p: ReconciliationRowsParams): Query<ReconciliationGridRow> {
  const where = allOf(
    resultScope(p),
    !!p.status && cond('status = ?', p.status),
    !!p.text && cond("customer_id ILIKE '%' || ? || '%' OR sku ILIKE '%' || ? || '%'", p.text, p.text),
  );
  return defineQuery(
    'reconciliation/rows',
    `SELECT coalesce(nullif(customer_id, ''), ?) AS customer, customer_id, sku, period, status, ${STATUS_LABEL_SQL} AS status_label,
            metered_quantity, billed_quantity, quantity_delta, expected_amount, billed_amount, amount_delta, currency
     FROM ${ident(ANALYSIS_TABLES.reconciliation)} WHERE ${where.sql}`,
    [NO_CUSTOMER, ...where.params],
  );
}
