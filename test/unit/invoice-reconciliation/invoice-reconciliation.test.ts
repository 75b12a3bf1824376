/**
 * FOCUS 1.4 invoice reconciliation on the generated pair (scripts/gen-focus-datasets.ts): the
 * planted faults come out with their exact amounts and rows, and the clean pair has none.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine';
import { createNodeEngine } from '../../../src/engine/node-engine';
import { loadLocalFile } from '../../../src/ingest/node-files';
import { createAdapterRegistry } from '../../../src/ingest/registry';
import { invoiceReconciliation, type InvoiceReconciliationRow } from '../../../src/analysis/invoice-reconciliation/invoice-reconciliation';

const DIR = path.resolve(import.meta.dirname, '../../fixtures/focus-datasets');
const adapters = createAdapterRegistry();
let engine: Engine | undefined;
let faulty: InvoiceReconciliationRow[];
beforeAll(async () => {
  faulty = await reconcile('invoice_detail.csv');
}, 60_000);
afterAll(async () => engine?.close());

/** Reconciles the 1.4 cost data against one invoice detail file, on a fresh engine. */
async function reconcile(
  invoiceFile: string,
  files: (string | [file: string, name: string])[] = ['cost_and_usage-1.4.csv', invoiceFile, 'billing_period.csv'],
) {
  await engine?.close();
  const e = (engine = await createNodeEngine());
  for (const f of files) {
    const [file, name] = typeof f === 'string' ? [f, f] : f;
    if (file) await loadLocalFile(e, path.join(DIR, file), { adapters, name });
  }
  return invoiceReconciliation(e);
}

/** level/issuer/invoice/detail/currency -> status and amounts. */
const summary = (rows: InvoiceReconciliationRow[]) =>
  rows.map((r) =>
    [r.level, r.invoice_id, r.invoice_detail_id, r.currency, r.status, r.invoice_billed_cost, r.cost_billed_cost, r.variance].join(' '),
  );

describe('invoice reconciliation (FOCUS 1.4)', () => {
  it('finds the planted faults with exact amounts', async () => {
    expect(summary(faulty)).toEqual([
      'invoice INV-2605-002  EUR currency_mismatch 80.00 0.00 80.00',
      'invoice INV-2605-002  USD currency_mismatch 0.00 80.00 -80.00',
      'detail INV-2605-002 D-101 EUR currency_mismatch 80.00 0.00 80.00',
      'detail INV-2605-002 D-101 USD currency_mismatch 0.00 80.00 -80.00',
      'invoice INV-2605-001  USD variance 174.01 145.00 29.01',
      'detail INV-2605-001 D-001 USD matched 100.00 100.00 0.00',
      'detail INV-2605-001 D-002 USD variance 45.01 45.00 0.01',
      'detail INV-2605-001 D-003 USD invoice_only 29.00 0.00 29.00',
      'detail INV-2605-001 D-004 USD tax_only 0.00 0.00 0.00',
      'invoice INV-2606-001  USD matched 13.00 13.00 0.00',
      'detail INV-2606-001 D-201 USD matched 15.00 15.00 0.00',
      'detail INV-2606-001 D-202 USD matched -2.00 -2.00 0.00',
    ]);
  });

  it('shows tax apart, payment currency lineage, billing period and issue status, and the rows behind', async () => {
    const rows = faulty;
    const inv = rows.find((r) => r.level === 'invoice' && r.invoice_id === 'INV-2605-001')!;
    expect([inv.invoice_tax, inv.cost_tax, inv.tax_variance]).toEqual(['17.41', '0.00', '17.41']);
    expect([inv.billing_period, inv.billing_period_status, inv.invoice_issue_status, inv.invoice_issuer_name]).toEqual([
      '2026-05',
      'Closed',
      'Issued',
      'Nimbus Cloud Inc.',
    ]);
    expect([inv.invoice_lines, inv.cost_lines, inv.cost_rows.length]).toEqual([4, 40, 25]);
    const off = rows.find((r) => r.invoice_detail_id === 'D-002')!;
    expect(off.invoice_rows).toEqual([{ file: 'invoice_detail.csv', row: 2 }]);
    expect(off.cost_rows.map((r) => r.row)).toEqual([31, 32, 33, 34, 35, 36, 37, 38, 39, 40]);
    expect(off.explanation).toBe('Nimbus Cloud Inc. invoice INV-2605-001 detail D-002: invoice 45.01 − cost data 45.00 = 0.01 USD.');
    const missing = rows.find((r) => r.invoice_detail_id === 'D-003')!;
    expect([missing.cost_lines, missing.invoice_rows]).toEqual([0, [{ file: 'invoice_detail.csv', row: 3 }]]);
    const june = rows.find((r) => r.level === 'invoice' && r.invoice_id === 'INV-2606-001')!;
    expect([june.billing_period_status, june.invoice_issue_status, june.payment_currency, june.payment_currency_billed_cost]).toEqual([
      'Open',
      'Open',
      'EUR',
      '11.96',
    ]);
    // The correction line adjusts the May invoice: ReferenceInvoiceId is its lineage.
    expect(june.reference_invoice_id).toBe('INV-2605-001');
  });

  it('finds no difference on the clean pair', async () => {
    const rows = await reconcile('invoice_detail_clean.csv');
    expect(rows.filter((r) => r.status !== 'matched' && r.status !== 'tax_only')).toEqual([]);
    expect(rows.filter((r) => r.level === 'invoice').map((r) => [r.invoice_id, r.invoice_billed_cost])).toEqual([
      ['INV-2605-002', '80.00'],
      ['INV-2605-001', '145.00'],
      ['INV-2606-001', '13.00'],
    ]);
  });

  it('reports nothing when no Invoice Detail dataset is loaded', async () => {
    expect(await reconcile('', ['cost_and_usage-1.4.csv'])).toEqual([]);
  });

  it('flags an invoice detail id delivered twice instead of deduplicating it', async () => {
    const rows = await reconcile('invoice_detail_clean.csv', [
      'cost_and_usage-1.4.csv',
      'invoice_detail_clean.csv',
      ['invoice_detail_clean.csv', 'copy/invoice_detail_clean.csv'],
    ]);
    const d1 = rows.find((r) => r.invoice_detail_id === 'D-001')!;
    expect([d1.status, d1.invoice_lines, d1.invoice_billed_cost, d1.cost_billed_cost]).toEqual(['duplicate_detail', 2, '200.00', '100.00']);
    expect(d1.invoice_rows).toEqual([
      { file: 'copy/invoice_detail_clean.csv', row: 1 },
      { file: 'invoice_detail_clean.csv', row: 1 },
    ]);
  });
});
