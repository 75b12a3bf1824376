/** The Reconciliation screen's provider invoice check over the planted fixture: rows per invoice, differences first, and what lies behind one. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine';
import { createNodeEngine } from '../../../src/engine/node-engine';
import { loadLocalFile } from '../../../src/ingest/node-files';
import { createAdapterRegistry } from '../../../src/ingest/registry';
import { parseBillingConfig } from '../../../src/model/mappings';
import { formatDecimal, parseDecimal } from '../../../src/model/money';
import { providerCheck } from '../../../src/analysis/provider-check/provider-check';
import { writeResultTable } from '../../../src/run/result-tables';
import { PROVIDER_CHECK_TABLE } from '../../../src/run/output-tables';
import { runQuery } from '../../../src/queries/query';
import { providerCheckRows, providerInvoiceBreakdown, providerInvoiceLines } from '../../../src/queries/reconciliation/provider-check';

const DIR = path.resolve(import.meta.dirname, '../../fixtures/provider-check');
let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
  const cfg = parseBillingConfig(readFileSync(path.join(DIR, 'provider-check.config.json'), 'utf8'), 'provider-check.config.json');
  await loadLocalFile(engine, path.join(DIR, 'cost_three_invoices.csv'), { adapters: createAdapterRegistry(cfg) });
  await writeResultTable(engine, PROVIDER_CHECK_TABLE, await providerCheck(engine, cfg));
}, 60_000);
afterAll(async () => engine?.close());

/** An exact DECIMAL(38,18) string at cents (it holds no more digits here). */
const c = (s: string | null) => (s === null ? null : formatDecimal(parseDecimal(s, 2), 2));

const scope = { billingAccountId: '900011112222', invoiceId: 'INV-P-02', billingPeriod: '2024-03', currency: 'USD' };

describe('reconciliation/provider-check', () => {
  it('per invoice: export total, invoice total and difference, differences first', async () => {
    const rows = await runQuery(engine, providerCheckRows({ currency: 'USD', period: 'all' }));
    expect(rows.map((r) => [r.invoice_id, r.status, r.lines, c(r.billed_cost), c(r.provider_invoice_total), c(r.invoice_difference)])).toEqual([
      ['INV-P-02', 'mismatch', 4, '82.61', '94.95', '12.34'],
      ['INV-P-03', 'no_invoice_total', 1, '1.00', null, null],
      ['INV-P-01', 'matched', 3, '243.45', '243.45', '0.00'],
    ]);
    expect((await runQuery(engine, providerCheckRows({ currency: 'USD', period: '2024-02' }))).map((r) => r.invoice_id)).toEqual(['INV-P-01']);
    expect(await runQuery(engine, providerCheckRows({ currency: 'EUR', period: 'all' }))).toEqual([]);
  });

  it('behind an invoice: cost by charge category, exact, and its cost lines', async () => {
    const b = await runQuery(engine, providerInvoiceBreakdown(scope));
    expect(b.map((r) => [r.charge_category, r.lines, c(r.billed_cost), c(r.difference)])).toEqual([
      ['Credit', 1, '-5.00', '0.00'],
      ['Tax', 1, '7.51', '7.51'],
      ['Usage', 2, '80.10', '0.00'],
    ]);
    const lines = await runQuery(engine, providerInvoiceLines(scope));
    expect(lines.map((l) => l.source_row).sort((x, y) => x - y)).toEqual([4, 5, 6, 7]);
  });
});
