/** The Reconciliation screen's invoice section over the FOCUS 1.4 fixture pair: rows per level, differences, and the cost lines behind a row. */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine';
import { createNodeEngine } from '../../../src/engine/node-engine';
import { loadLocalFile } from '../../../src/ingest/node-files';
import { createAdapterRegistry } from '../../../src/ingest/registry';
import { invoiceReconciliation } from '../../../src/analysis/invoice-reconciliation/invoice-reconciliation';
import { writeResultTable } from '../../../src/run/result-tables';
import { INVOICE_RECONCILIATION_TABLE } from '../../../src/run/output-tables';
import { runQuery } from '../../../src/queries/query';
import { invoiceCostLines, invoiceReconciliationCount, invoiceReconciliationRows } from '../../../src/queries/reconciliation/invoices';

const DIR = path.resolve(import.meta.dirname, '../../fixtures/focus-datasets');
let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
  const adapters = createAdapterRegistry();
  for (const f of ['cost_and_usage-1.4.csv', 'invoice_detail.csv', 'billing_period.csv'])
    await loadLocalFile(engine, path.join(DIR, f), { adapters });
  await writeResultTable(engine, INVOICE_RECONCILIATION_TABLE, await invoiceReconciliation(engine));
}, 60_000);
afterAll(async () => engine?.close());

describe('reconciliation/invoices', () => {
  it('one row per invoice in the currency and billing period, with status labels', async () => {
    const rows = await runQuery(engine, invoiceReconciliationRows({ currency: 'USD', period: '2026-05', level: 'invoice' }));
    expect(
      rows.map((r) => [r.invoice_id, r.status_label, r.invoice_billed_cost, r.cost_billed_cost, r.variance, r.invoice_tax, r.billing_period_status]),
    ).toEqual([
      [
        'INV-2605-002',
        '¤ currency mismatch',
        '0.000000000000000000',
        '80.000000000000000000',
        '-80.000000000000000000',
        '0.000000000000000000',
        'Closed',
      ],
      [
        'INV-2605-001',
        '≠ amount differs',
        '174.010000000000000000',
        '145.000000000000000000',
        '29.010000000000000000',
        '17.410000000000000000',
        'Closed',
      ],
    ]);
    expect(await runQuery(engine, invoiceReconciliationCount())).toEqual([{ n: 12 }]);
  });

  it('differences only, per detail line, every period', async () => {
    const rows = await runQuery(engine, invoiceReconciliationRows({ currency: 'USD', period: 'all', level: 'detail', differencesOnly: true }));
    expect(rows.map((r) => [r.invoice_id, r.invoice_detail_id, r.status, r.variance])).toEqual([
      ['INV-2605-002', 'D-101', 'currency_mismatch', '-80.000000000000000000'],
      ['INV-2605-001', 'D-002', 'variance', '0.010000000000000000'],
      ['INV-2605-001', 'D-003', 'invoice_only', '29.000000000000000000'],
    ]);
  });

  it('drills to the cost lines behind a row', async () => {
    const lines = await runQuery(
      engine,
      invoiceCostLines({ issuer: 'Nimbus Cloud Inc.', invoiceId: 'INV-2605-001', detailId: 'D-002', currency: 'USD' }),
    );
    expect(lines.map((l) => l.source_row)).toEqual([31, 32, 33, 34, 35, 36, 37, 38, 39, 40]);
    const all = await runQuery(engine, invoiceCostLines({ issuer: 'Nimbus Cloud Inc.', invoiceId: 'INV-2605-001', detailId: '', currency: 'USD' }));
    expect(all).toHaveLength(40);
  });
});
