/** Hand-written findings that follow src/model/findings.ts exactly, one per kind of fault. */
import type { EventFinding, ReconciliationRow } from '../../../src/model/findings';

const row = (r: Partial<ReconciliationRow> & Pick<ReconciliationRow, 'customer_id' | 'sku' | 'status'>): ReconciliationRow => ({
  period: '2026-03',
  currency: 'USD',
  metered_quantity: '0',
  billed_quantity: '0',
  quantity_delta: '0',
  expected_amount: '0.00',
  billed_amount: '0.00',
  amount_delta: '0.00',
  ...r,
});

export const RECON: ReconciliationRow[] = [
  row({ customer_id: 'acme', sku: 'api_calls', status: 'matched', metered_quantity: '1000', billed_quantity: '1000', expected_amount: '10.00', billed_amount: '10.00' }),
  // Duplicated events billed: 300 extra calls at 0.01.
  row({
    customer_id: 'globex', sku: 'api_calls', status: 'overbilled', metered_quantity: '1200', billed_quantity: '1500',
    quantity_delta: '300', expected_amount: '12.00', billed_amount: '15.00', amount_delta: '3.00',
    invoice_ids: ['in_globex_03'], line_ids: ['il_globex_api'],
  }),
  // Late events missed the invoice.
  row({
    customer_id: 'initech', sku: 'storage_gb', status: 'underbilled', metered_quantity: '500', billed_quantity: '450',
    quantity_delta: '-50', expected_amount: '25.00', billed_amount: '22.50', amount_delta: '-2.50',
    invoice_ids: ['in_initech_03'], line_ids: ['il_initech_storage'],
  }),
  // Never invoiced (JPY: exponent 0).
  row({
    customer_id: 'umbrella', sku: 'gpu_hours', currency: 'JPY', status: 'unbilled', metered_quantity: '12',
    quantity_delta: '-12', expected_amount: '36000', billed_amount: '0', amount_delta: '-36000',
  }),
  // Charged with no usage (KWD: exponent 3).
  row({
    customer_id: 'hooli', sku: 'support', currency: 'KWD', status: 'billed_only', billed_quantity: '1',
    quantity_delta: '1', expected_amount: '0.000', billed_amount: '12.345', amount_delta: '12.345',
    invoice_ids: ['in_hooli_03'], line_ids: ['il_hooli_support'],
  }),
  // Same quantity, wrong unit price.
  row({
    customer_id: 'acme', sku: 'storage_gb', status: 'rate_mismatch', metered_quantity: '100', billed_quantity: '100',
    expected_amount: '5.00', billed_amount: '6.00', amount_delta: '1.00', billed_unit_price: '0.06', expected_unit_price: '0.05',
    invoice_ids: ['in_acme_03'], line_ids: ['il_acme_storage'],
  }),
  // Usage with no customer: proposed for attribution, never sent to a billing system as is.
  row({ customer_id: '', sku: 'api_calls', status: 'unattributed', metered_quantity: '70', quantity_delta: '-70', expected_amount: '0.70', amount_delta: '-0.70' }),
  row({ customer_id: 'acme', sku: 'egress_gb', status: 'within_tolerance', metered_quantity: '10', billed_quantity: '10', expected_amount: '1.00', billed_amount: '1.01', amount_delta: '0.01' }),
];

export const EVENTS: EventFinding[] = [
  {
    code: 'duplicate_event', customer_id: 'globex', sku: 'api_calls', period: '2026-03', currency: 'USD', quantity: '300',
    amount: '3.00', event_ids: ['ev-9', 'ev-10'], source_rows: [{ file: 'usage.csv', row: 42 }, { file: 'usage.csv', row: 43 }],
    detail: '2 events with the same idempotency key',
  },
  {
    code: 'late_event', customer_id: 'initech', sku: 'storage_gb', period: '2026-03', currency: 'USD', quantity: '50',
    amount: '2.50', event_ids: ['ev-77'], source_rows: [{ file: 'usage.csv', row: 90 }], detail: 'arrived 2026-04-03 after invoice close',
  },
  // Not covered by reconciliation at all: stands alone.
  {
    code: 'duplicate_event', customer_id: 'stark', sku: 'api_calls', period: '2026-03', currency: 'EUR', quantity: '10',
    amount: '0.10', event_ids: ['ev-200'], source_rows: [{ file: 'usage.csv', row: 7 }], detail: 'same event id twice',
  },
  // Covered by a matched row: the invoice was right, no proposal.
  {
    code: 'suspected_duplicate', customer_id: 'acme', sku: 'api_calls', period: '2026-03', currency: 'USD', quantity: '5',
    amount: '0.05', event_ids: ['ev-300'], source_rows: [{ file: 'usage.csv', row: 300 }], detail: 'same payload 1 s apart',
  },
];
