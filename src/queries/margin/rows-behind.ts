/**
 * The rows behind one SKU × customer margin: its invoice lines, usage events and the cost lines
 * tagged with the SKU (and the customer, when there is one). customer '' means "no customer".
 */
import { allOf, cond, placeholders, type Condition } from '../condition';
import { sourceRows, type SourceRowsQuery } from '../data/source-rows';

export interface MarginCellParams {
  sku: string;
  customer: string;
  /** null: rows of every currency (behind a figure converted to the reporting currency). */
  currency: string | null;
}

export interface TagKeys {
  /** Cost tag keys that name the SKU (config cost_tags.sku). */
  skuTagKeys: readonly string[];
  /** Cost tag keys that name the customer (config cost_tags.customer). */
  customerTagKeys: readonly string[];
}

export function marginInvoiceLines({ sku, customer, currency }: MarginCellParams): SourceRowsQuery<'invoice_lines'> {
  const where = allOf(cond("coalesce(customer_id, '') = ?", customer), cond('sku = ?', sku), currency !== null && cond('currency = ?', currency));
  return sourceRows('invoice_lines', where, 'margin/rows-behind/invoice-lines');
}

export function marginUsageEvents({ sku, customer }: MarginCellParams): SourceRowsQuery<'usage_events'> {
  const where = allOf(cond("coalesce(customer_id, '') = ?", customer), cond('sku = ?', sku));
  return sourceRows('usage_events', where, 'margin/rows-behind/usage-events', { warehouse: { customer, sku, period: null, granularity: 'month' } });
}

function taggedWith(keys: readonly string[], value: string): Condition {
  return cond(`x_line_id IN (SELECT line_id FROM cost_tags WHERE key IN (${placeholders(keys)}) AND value = ?)`, ...keys, value);
}

export function marginCostLines(p: MarginCellParams & TagKeys): SourceRowsQuery<'cost_lines'> {
  const where = allOf(
    p.currency !== null && cond('BillingCurrency = ?', p.currency),
    taggedWith(p.skuTagKeys, p.sku),
    !!p.customer && taggedWith(p.customerTagKeys, p.customer),
  );
  return sourceRows('cost_lines', where, 'margin/rows-behind/cost-lines');
}
