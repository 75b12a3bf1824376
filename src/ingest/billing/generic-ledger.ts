/**
 * Any ledger CSV through a saved column mapping (canonical field -> source header), and the
 * Zuora preset: Zuora data-source exports name columns `Object: Field` ("Invoice Item: Charge Amount").
 */
import type { Adapter } from '../adapter';
import { ledgerSelectSql, type LedgerFields } from './ledger-select';
import { KEY, findHeader, requiredHeaders } from '../sql';
import { declaredDateFormat } from './date-format';

export interface LedgerColumnMapping {
  invoice_id?: string;
  line_id?: string;
  customer_id: string;
  sku: string;
  period_start?: string;
  period_end?: string;
  issued_at?: string;
  quantity?: string;
  unit_price?: string;
  amount: string;
  currency?: string;
  kind?: string;
  /** 'major' (default): amounts are decimal strings; 'minor': integer cents. */
  amount_unit?: 'major' | 'minor';
  /** Currency for files without a currency column. */
  default_currency?: string;
  /** Locale date format of the date columns (M/D/YYYY, D/M/YYYY, M/D/YY, D/M/YY); ISO dates need none. */
  date_format?: string;
}

function fieldsFor(m: LedgerColumnMapping): LedgerFields {
  const one = (c?: string) => (c ? [c] : undefined);
  return {
    invoice_id: one(m.invoice_id),
    line_id: one(m.line_id),
    customer_id: [m.customer_id],
    sku: [m.sku],
    period_start: one(m.period_start),
    period_end: one(m.period_end),
    issued_at: one(m.issued_at),
    quantity: one(m.quantity),
    unit_price: m.amount_unit === 'minor' ? undefined : one(m.unit_price),
    unit_price_minor: m.amount_unit === 'minor' ? one(m.unit_price) : undefined,
    amount: m.amount_unit === 'minor' ? undefined : [m.amount],
    amount_minor: m.amount_unit === 'minor' ? [m.amount] : undefined,
    currency: one(m.currency),
    kind: one(m.kind),
  };
}

export function genericLedgerAdapter(mapping: LedgerColumnMapping, format = 'ledger-csv', score = 0.97): Adapter {
  const required = [mapping.customer_id, mapping.sku, mapping.amount, mapping.currency].filter((c): c is string => !!c);
  const spec = {
    format,
    fields: fieldsFor(mapping),
    defaultKind: 'fee',
    defaultCurrency: mapping.default_currency,
    dateFormat: declaredDateFormat('ledger_csv_mapping', mapping.date_format),
  };
  return {
    format,
    kind: 'ledger',
    table: 'invoice_lines',
    label: format === 'ledger-csv' ? 'Ledger CSV (saved column mapping)' : 'Zuora invoice items export',
    detect: (h) => (required.every((c) => findHeader(h, c, KEY)) ? { score } : null),
    requiredColumns: (h) => requiredHeaders(h, required, KEY),
    signature: required,
    typedColumns: () => ({}),
    selectSql: (h, ctx) => ledgerSelectSql(spec, h, ctx),
  };
}

/** Zuora "Invoice Item" data source export (headers `Object: Field`). */
export const zuoraInvoiceItemsAdapter: Adapter = (() => {
  const mapping: LedgerColumnMapping = {
    invoice_id: 'Invoice: Invoice Number',
    line_id: 'Invoice Item: ID',
    customer_id: 'Account: Account Number',
    sku: 'Invoice Item: SKU',
    period_start: 'Invoice Item: Service Start Date',
    period_end: 'Invoice Item: Service End Date',
    issued_at: 'Invoice: Invoice Date',
    quantity: 'Invoice Item: Quantity',
    unit_price: 'Invoice Item: Unit Price',
    amount: 'Invoice Item: Charge Amount',
    currency: 'Account: Currency',
    kind: 'Invoice Item: Processing Type',
  };
  const base = genericLedgerAdapter(mapping, 'zuora-invoice-items', 0.9);
  return {
    ...base,
    detect: (h) =>
      findHeader(h, 'Invoice Item: Charge Amount', KEY) && findHeader(h, 'Account: Account Number', KEY) && findHeader(h, 'Invoice Item: SKU', KEY)
        ? { score: 0.9 }
        : null,
  };
})();
