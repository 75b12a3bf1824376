/**
 * The provider invoice check on the Reconciliation screen: the cost export's BilledCost per billing
 * account × invoice × billing period × currency against the provider's invoice totals given in the
 * settings (`provider_invoices`), as `finops analyze` computes it (provider_check.csv); and what
 * lies behind one invoice: its cost by charge category and class, and its cost lines.
 */
import { ident, literal } from '../../engine/sql';
import { allOf, cond, type Condition } from '../condition';
import { defineQuery, type Query } from '../query';
import { ANALYSIS_TABLES } from '../tables';
import { sourceRows, type SourceRowsQuery } from '../data/source-rows';
import type { ResultScope } from './scope';

/** Status names with a symbol so meaning never rests on colour alone. */
export const PROVIDER_STATUS_LABEL: Record<string, string> = {
  matched: '✓ matches the invoice',
  mismatch: '≠ differs from the invoice',
  no_invoice_total: '○ no invoice total given',
};

const LABEL_SQL = `CASE status ${Object.entries(PROVIDER_STATUS_LABEL)
  .map(([k, v]) => `WHEN ${literal(k)} THEN ${literal(v)}`)
  .join(' ')} ELSE status END`;

export type ProviderCheckGridRow = {
  billing_account_id: string;
  invoice_id: string;
  billing_period: string;
  currency: string;
  lines: number;
  billed_cost: string;
  provider_invoice_total: string | null;
  invoice_difference: string | null;
  effective_cost: string;
  billed_minus_effective: string;
  status: string;
  status_label: string;
  explanation: string;
};

/** Invoices of the analyst's currency and billing period (all periods with 'all'), differences first. */
export function providerCheckRows(p: ResultScope): Query<ProviderCheckGridRow> {
  const where = allOf(cond('currency = ?', p.currency), p.period !== 'all' && cond('billing_period = ?', p.period));
  return defineQuery(
    'reconciliation/provider-check',
    `SELECT billing_account_id, invoice_id, billing_period, currency, lines, billed_cost, provider_invoice_total, invoice_difference,
            effective_cost, billed_minus_effective, status, ${LABEL_SQL} AS status_label, explanation
     FROM ${ident(ANALYSIS_TABLES.providerCheck)} WHERE ${where.sql}
     ORDER BY CASE status WHEN 'mismatch' THEN 0 WHEN 'no_invoice_total' THEN 1 ELSE 2 END, billing_period, billing_account_id, invoice_id`,
    where.params,
  );
}

/** One row of the check: the cost lines it adds up. */
export interface ProviderInvoiceScope {
  billingAccountId: string;
  invoiceId: string;
  billingPeriod: string;
  currency: string;
}

function scopeOf(s: ProviderInvoiceScope): Condition {
  return allOf(
    cond(`coalesce("BillingAccountId", '') = ?`, s.billingAccountId),
    cond(`coalesce("InvoiceId", '') = ?`, s.invoiceId),
    cond(`coalesce(strftime("BillingPeriodStart", '%Y-%m'), '') = ?`, s.billingPeriod),
    cond('"BillingCurrency" = ?', s.currency),
  );
}

export type ProviderBreakdownRow = {
  charge_category: string;
  charge_class: string;
  lines: number;
  billed_cost: string;
  effective_cost: string;
  difference: string;
};

/** The invoice's cost by charge category and class: where BilledCost and EffectiveCost part. */
export function providerInvoiceBreakdown(s: ProviderInvoiceScope): Query<ProviderBreakdownRow> {
  const where = scopeOf(s);
  return defineQuery(
    'reconciliation/provider-check/breakdown',
    `SELECT coalesce("ChargeCategory", '') AS charge_category, coalesce("ChargeClass", '') AS charge_class, count(*) AS lines,
            sum(coalesce("BilledCost", 0)) AS billed_cost, sum(coalesce("EffectiveCost", 0)) AS effective_cost,
            sum(coalesce("BilledCost", 0)) - sum(coalesce("EffectiveCost", 0)) AS difference
     FROM cost_lines WHERE ${where.sql} GROUP BY ALL ORDER BY charge_category, charge_class`,
    where.params,
  );
}

export function providerInvoiceLines(s: ProviderInvoiceScope): SourceRowsQuery<'cost_lines'> {
  return sourceRows('cost_lines', scopeOf(s), 'reconciliation/provider-check/lines');
}
