/**
 * FOCUS 1.4 invoice reconciliation on the Reconciliation screen: the provider's invoices (Invoice
 * Detail) against its cost and usage data, per invoice or invoice detail line, in the analyst's
 * currency and billing period; and the cost lines behind one row.
 */
import { ident, literal } from '../../engine/sql';
import { allOf, cond } from '../condition';
import { defineQuery, type Query } from '../query';
import { ANALYSIS_TABLES } from '../tables';
import { sourceRows, type SourceRowsQuery } from '../data/source-rows';
import type { ResultScope } from './scope';

/** Status names with a symbol so meaning never rests on colour alone. */
export const INVOICE_STATUS_LABEL: Record<string, string> = {
  matched: '✓ matched',
  tax_only: '§ tax, shown apart',
  variance: '≠ amount differs',
  tax_variance: '≠ tax differs',
  invoice_only: '◆ invoiced, no cost lines',
  cost_only: '○ cost lines, no invoice',
  currency_mismatch: '¤ currency mismatch',
  duplicate_detail: '⧉ duplicate detail id',
};

const LABEL_SQL = `CASE status ${Object.entries(INVOICE_STATUS_LABEL)
  .map(([k, v]) => `WHEN ${literal(k)} THEN ${literal(v)}`)
  .join(' ')} ELSE status END`;

export interface InvoiceReconciliationParams extends ResultScope {
  /** 'invoice' (one row per invoice) or 'detail' (per invoice detail line). */
  level: 'invoice' | 'detail';
  /** Only rows that are differences (not matched, not tax shown apart). */
  differencesOnly?: boolean;
}

export type InvoiceReconciliationGridRow = {
  invoice_issuer_name: string;
  invoice_id: string;
  invoice_detail_id: string;
  currency: string;
  status: string;
  status_label: string;
  invoice_billed_cost: string | null;
  cost_billed_cost: string | null;
  variance: string | null;
  invoice_tax: string | null;
  tax_variance: string | null;
  payment_currency: string | null;
  payment_currency_billed_cost: string | null;
  billing_period: string;
  billing_period_status: string | null;
  invoice_issue_status: string | null;
  reference_invoice_id: string | null;
  invoice_rows: string | null;
  explanation: string;
};

export function invoiceReconciliationRows(p: InvoiceReconciliationParams): Query<InvoiceReconciliationGridRow> {
  const where = allOf(
    cond('level = ?', p.level),
    cond('currency = ?', p.currency),
    p.period !== 'all' && cond('billing_period = ?', p.period),
    p.differencesOnly && cond("status NOT IN ('matched', 'tax_only')"),
  );
  return defineQuery(
    'reconciliation/invoices',
    `SELECT invoice_issuer_name, invoice_id, invoice_detail_id, currency, status, ${LABEL_SQL} AS status_label, invoice_billed_cost, cost_billed_cost,
            variance, invoice_tax, tax_variance, payment_currency, payment_currency_billed_cost, billing_period, billing_period_status,
            invoice_issue_status, reference_invoice_id, invoice_rows, explanation
     FROM ${ident(ANALYSIS_TABLES.invoiceReconciliation)} WHERE ${where.sql}`,
    where.params,
  );
}

/** Whether any invoice was reconciled (the section is shown only then). */
export function invoiceReconciliationCount(): Query<{ n: number }> {
  return defineQuery('reconciliation/invoices/count', `SELECT count(*) AS n FROM ${ident(ANALYSIS_TABLES.invoiceReconciliation)}`);
}

export interface InvoiceScope {
  issuer: string;
  invoiceId: string;
  /** '' for the whole invoice. */
  detailId: string;
  currency: string;
}

/** The cost lines behind one reconciliation row (lines without an issuer count for the invoice's issuer, as the analysis counts them). */
export function invoiceCostLines(s: InvoiceScope): SourceRowsQuery<'cost_lines'> {
  const where = allOf(
    cond('"InvoiceId" = ?', s.invoiceId),
    cond('("InvoiceIssuerName" = ? OR "InvoiceIssuerName" IS NULL)', s.issuer),
    cond(`coalesce("BillingCurrency", '') = ?`, s.currency),
    !!s.detailId && cond('"InvoiceDetailId" = ?', s.detailId),
  );
  return sourceRows('cost_lines', where, 'reconciliation/invoices/cost-lines');
}
