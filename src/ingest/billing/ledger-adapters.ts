/**
 * Ledger / invoice adapters -> invoice_lines. Header names follow the real exports:
 *  - Lago data exports (invoice_fees, invoices, credit_note_items CSV), amounts in cents;
 *  - Stripe "Balance change from activity" itemized report (major units as decimal strings);
 *  - Stripe invoice line items as API JSON, old shape (price.*) and 2025 shape (pricing.*, parent.*);
 *  - Chargebee invoice line items (API field names, optionally prefixed `line_items.`).
 * Canonical kinds: usage | subscription | add_on | commitment | credit | tax | invoice_total |
 * payment | refund | fee (anything else billed).
 */
import type { Adapter } from '../adapter';
import { detectAll, ledgerSelectSql, type LedgerSpec } from './ledger-select';
import { KEY, findHeader, requiredHeaders } from '../sql';

function ledgerAdapter(spec: LedgerSpec, label: string, detect: (h: readonly string[]) => number | null, required: string[]): Adapter {
  return {
    format: spec.format,
    kind: 'ledger',
    table: 'invoice_lines',
    label,
    detect(h) {
      const s = detect(h);
      return s === null ? null : { score: s };
    },
    requiredColumns: (h) => requiredHeaders(h, required, KEY),
    signature: required.map((r) => r.split('|')[0]),
    typedColumns: () => ({}),
    selectSql: (h, ctx) => ledgerSelectSql(spec, h, ctx),
  };
}

const lagoFeeKind = (k: string) =>
  `CASE ${k} WHEN 'charge' THEN 'usage' WHEN 'subscription' THEN 'subscription' WHEN 'add_on' THEN 'add_on' WHEN 'commitment' THEN 'commitment' WHEN 'credit' THEN 'credit' ELSE NULL END`;

export const lagoInvoiceFeesSpec: LedgerSpec = {
  format: 'lago-invoice-fees',
  fields: {
    invoice_id: ['invoice_number', 'invoice_lago_id', 'invoice_id'],
    line_id: ['fee_lago_id', 'fee_id', 'lago_fee_id'],
    customer_id: ['subscription_external_id', 'external_subscription_id', 'customer_external_id', 'external_customer_id'],
    sku: ['fee_item_code', 'item_code', 'billable_metric_code', 'code'],
    period_start: ['fee_from_date_utc', 'fee_from_date', 'from_date', 'from_datetime'],
    period_end: ['fee_to_date_utc', 'fee_to_date', 'to_date', 'to_datetime'],
    issued_at: ['invoice_issuing_date', 'issuing_date'],
    quantity: ['fee_units', 'units'],
    unit_price: ['fee_precise_unit_amount', 'precise_unit_amount', 'fee_unit_amount', 'unit_amount'],
    amount_minor: ['fee_amount_cents', 'fee_total_amount_cents', 'amount_cents', 'total_amount_cents'],
    currency: ['fee_amount_currency', 'fee_total_amount_currency', 'amount_currency', 'currency'],
    kind: ['fee_item_type', 'item_type', 'fee_type'],
  },
  kindSql: lagoFeeKind,
};

/** Lago fee totals include taxes: subtract them unless the export carries the pre-tax fee_amount_cents. */
function lagoFeesSpecFor(h: readonly string[]): LedgerSpec {
  const preTax = findHeader(h, ['fee_amount_cents', 'amount_cents'], KEY);
  if (preTax) return lagoInvoiceFeesSpec;
  return { ...lagoInvoiceFeesSpec, fields: { ...lagoInvoiceFeesSpec.fields, minus_minor: ['fee_taxes_amount_cents', 'taxes_amount_cents'] } };
}

export const lagoInvoiceFeesAdapter: Adapter = {
  ...ledgerAdapter(
    lagoInvoiceFeesSpec,
    'Lago invoice fees export',
    (h) =>
      detectAll(h, [
        ['fee_lago_id', 'fee_id'],
        ['fee_item_code', 'item_code'],
        ['fee_total_amount_cents', 'fee_amount_cents', 'total_amount_cents'],
      ])
        ? 0.95
        : null,
    ['fee_item_code|item_code', 'fee_total_amount_cents|fee_amount_cents|total_amount_cents'],
  ),
  selectSql: (h, ctx) => ledgerSelectSql(lagoFeesSpecFor(h), h, ctx),
};

export const lagoInvoicesAdapter = ledgerAdapter(
  {
    format: 'lago-invoices',
    fields: {
      invoice_id: ['invoice_number', 'number', 'lago_id'],
      line_id: ['lago_id', 'invoice_number'],
      customer_id: ['customer_external_id', 'external_customer_id'],
      issued_at: ['issuing_date'],
      amount_minor: ['fees_amount_cents', 'sub_total_excluding_taxes_amount_cents', 'total_amount_cents'],
      currency: ['currency'],
    },
    defaultKind: 'invoice_total',
  },
  'Lago invoices export',
  (h) =>
    detectAll(h, [['lago_id'], ['issuing_date'], ['customer_external_id', 'external_customer_id'], ['total_amount_cents', 'fees_amount_cents']]) &&
    !findHeader(h, 'fee_lago_id', KEY)
      ? 0.9
      : null,
  ['lago_id', 'total_amount_cents'],
);

export const lagoCreditNoteItemsAdapter = ledgerAdapter(
  {
    format: 'lago-credit-note-items',
    fields: {
      invoice_id: ['credit_note_invoice_number', 'invoice_number'],
      line_id: ['credit_note_item_lago_id', 'lago_id'],
      ref_line_id: ['credit_note_item_fee_lago_id', 'fee_lago_id'],
      issued_at: ['credit_note_issuing_date', 'issuing_date'],
      amount_minor: ['credit_note_item_amount_cents', 'amount_cents'],
      currency: ['credit_note_item_currency', 'amount_currency', 'currency'],
    },
    defaultKind: 'credit',
    negate: true,
  },
  'Lago credit note items export',
  (h) =>
    detectAll(h, [
      ['credit_note_item_lago_id', 'credit_note_lago_id'],
      ['credit_note_item_amount_cents', 'amount_cents'],
    ])
      ? 0.95
      : null,
  ['credit_note_item_amount_cents'],
);

export const stripeBalanceReportAdapter = ledgerAdapter(
  {
    format: 'stripe-balance-change',
    fields: {
      invoice_id: ['invoice_id'],
      line_id: ['balance_transaction_id', 'id'],
      customer_id: ['customer_id'],
      sku: ['price_id', 'product_id', 'invoice_line_item_price_id'],
      period_start: ['created_utc', 'created'],
      period_end: ['created_utc', 'created'],
      issued_at: ['created_utc', 'created'],
      amount: ['gross', 'amount'],
      currency: ['currency'],
      kind: ['reporting_category'],
    },
    kindSql: (k) => `CASE ${k} WHEN 'charge' THEN 'payment' WHEN 'refund' THEN 'refund' ELSE NULL END`,
  },
  'Stripe balance change / itemized report',
  (h) => (detectAll(h, [['balance_transaction_id'], ['reporting_category'], ['gross'], ['currency']]) ? 0.95 : null),
  ['balance_transaction_id', 'gross', 'currency'],
);

export const stripeInvoiceLinesAdapter = ledgerAdapter(
  {
    format: 'stripe-invoice-line-items',
    fields: {
      invoice_id: ['invoice', 'invoice_id'],
      line_id: ['id'],
      customer_id: ['customer', 'metadata.customer_id', 'metadata.customer', 'invoice.customer'],
      sku: ['price.lookup_key', 'price.product', 'pricing.price_details.product', 'price.id', 'pricing.price_details.price', 'plan.product'],
      period_start: ['period.start', 'period_start'],
      period_end: ['period.end', 'period_end'],
      issued_at: ['invoice.created', 'invoice.finalized_at', 'created'],
      quantity: ['quantity_decimal', 'quantity'],
      unit_price_minor: ['pricing.unit_amount_decimal', 'price.unit_amount_decimal', 'price.unit_amount', 'plan.amount'],
      amount_minor: ['amount'],
      currency: ['currency'],
      kind: ['price.recurring.usage_type', 'plan.usage_type', 'type', 'parent.type'],
    },
    kindSql: (k) =>
      `CASE ${k} WHEN 'metered' THEN 'usage' WHEN 'licensed' THEN 'subscription' WHEN 'subscription' THEN 'subscription' WHEN 'subscription_item_details' THEN 'subscription' WHEN 'invoiceitem' THEN 'fee' WHEN 'invoice_item_details' THEN 'fee' ELSE NULL END`,
  },
  'Stripe invoice line items (API JSON)',
  (h) =>
    detectAll(h, [
      ['id'],
      ['amount'],
      ['currency'],
      ['period.start', 'period_start'],
      ['price.id', 'pricing.price_details.price', 'pricing.type', 'price', 'pricing', 'plan.id'],
    ])
      ? 0.9
      : null,
  ['id', 'amount', 'currency'],
);

const prefixed = (names: string[]) => names.flatMap((n) => [n, `line_items.${n}`, `line_item.${n}`, `line_item_${n}`]);

export const chargebeeLineItemsAdapter = ledgerAdapter(
  {
    format: 'chargebee-line-items',
    fields: {
      invoice_id: ['invoice_id', 'invoice.id', 'invoice_number'],
      line_id: prefixed(['id']),
      customer_id: [...prefixed(['customer_id']), 'invoice.customer_id'],
      sku: prefixed(['entity_id', 'item_price_id']),
      period_start: prefixed(['date_from']),
      period_end: prefixed(['date_to']),
      issued_at: ['invoice.date', 'invoice_date', 'date'],
      quantity: prefixed(['quantity_in_decimal', 'quantity']),
      unit_price: prefixed(['unit_amount_in_decimal']),
      unit_price_minor: prefixed(['unit_amount']),
      amount: prefixed(['amount_in_decimal']),
      amount_minor: prefixed(['amount']),
      currency: ['currency_code', 'invoice.currency_code', 'currency'],
      kind: prefixed(['entity_type']),
    },
    kindSql: (k) =>
      `CASE ${k} WHEN 'plan_item_price' THEN 'subscription' WHEN 'plan' THEN 'subscription' WHEN 'addon_item_price' THEN 'add_on' WHEN 'addon' THEN 'add_on' WHEN 'charge_item_price' THEN 'fee' WHEN 'adhoc' THEN 'fee' ELSE NULL END`,
  },
  'Chargebee invoice line items',
  (h) =>
    detectAll(h, [prefixed(['entity_type']), prefixed(['entity_id']), prefixed(['date_from']), prefixed(['amount', 'amount_in_decimal'])])
      ? 0.9
      : null,
  ['entity_id', 'amount'],
);
