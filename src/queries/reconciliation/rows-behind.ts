/** The usage events (metered) and invoice lines (billed) behind one reconciliation row. */
import type { PeriodGranularity } from '../../model/mappings';
import { periodLabelSql } from '../../analysis/reconcile/period';
import { allOf, cond } from '../condition';
import { sourceRows, type SourceRowsQuery } from '../data/source-rows';

export interface ReconciliationCell {
  /** '' for usage without a customer. */
  customer: string;
  sku: string;
  /** The row's period label, in the granularity the reconciliation ran with. */
  period: string;
  currency: string;
  granularity: PeriodGranularity;
}

export function reconciliationUsageEvents(c: ReconciliationCell): SourceRowsQuery<'usage_events'> {
  const where = allOf(
    cond("coalesce(customer_id, '') = ?", c.customer),
    cond('sku = ?', c.sku),
    cond(`${periodLabelSql(c.granularity, 'ts')} = ?`, c.period),
  );
  const warehouse = { customer: c.customer, sku: c.sku, period: c.period, granularity: c.granularity };
  return sourceRows('usage_events', where, 'reconciliation/rows-behind/usage-events', { warehouse });
}

export function reconciliationInvoiceLines(c: ReconciliationCell): SourceRowsQuery<'invoice_lines'> {
  const where = allOf(
    cond("coalesce(customer_id, '') = ?", c.customer),
    cond('sku = ?', c.sku),
    cond('currency = ?', c.currency),
    cond(`${periodLabelSql(c.granularity, 'coalesce(period_start, issued_at)')} = ?`, c.period),
  );
  return sourceRows('invoice_lines', where, 'reconciliation/rows-behind/invoice-lines');
}
