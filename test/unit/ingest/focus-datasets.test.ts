/**
 * FOCUS 1.3 and 1.4 files (test/fixtures/focus-datasets, generated from the specification's
 * column definitions): recognised by header, every new column loaded, each supporting dataset in
 * its own canonical table.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine';
import { createNodeEngine } from '../../../src/engine/node-engine';
import { loadLocalFile } from '../../../src/ingest/node-files';
import type { LoadResult } from '../../../src/ingest/pipeline';
import { createAdapterRegistry } from '../../../src/ingest/registry';

const DIR = path.resolve(import.meta.dirname, '../../fixtures/focus-datasets');
const adapters = createAdapterRegistry();
let engine: Engine;
const loads: Record<string, LoadResult> = {};

beforeAll(async () => {
  engine = await createNodeEngine();
  for (const f of ['cost_and_usage-1.3.csv', 'invoice_detail.csv', 'billing_period.csv', 'contract_commitment.csv'])
    loads[f] = await loadLocalFile(engine, path.join(DIR, f), { adapters });
}, 60_000);
afterAll(async () => engine?.close());

describe('FOCUS 1.3 and 1.4 datasets', () => {
  it('tells each dataset and version by its header', () => {
    expect(Object.values(loads).map((l) => [l.file, l.format, l.kind, l.table, l.rows])).toEqual([
      ['cost_and_usage-1.3.csv', 'focus-1.3', 'cost', 'cost_lines', 61],
      ['invoice_detail.csv', 'focus-1.4-invoice-detail', 'invoices', 'invoice_details', 7],
      ['billing_period.csv', 'focus-1.4-billing-period', 'invoices', 'billing_periods', 4],
      ['contract_commitment.csv', 'focus-1.3-contract-commitment', 'commitments', 'contract_commitments', 2],
    ]);
    expect(
      adapters.detect(['InvoiceDetailId', 'BilledCost', 'ChargePeriodStart', 'ChargePeriodEnd', 'BillingCurrency', 'ServiceProviderName'])?.adapter
        .format,
    ).toBe('focus-1.4');
  });

  it('loads the 1.3 columns of cost and usage, ProviderName taken from ServiceProviderName', async () => {
    const [r] = await engine.query(
      `SELECT "ServiceProviderName", "HostProviderName", "ProviderName", "AllocatedMethodId", "AllocatedResourceId", "AllocatedResourceName",
         "AllocatedTags", "AllocatedMethodDetails", "ContractApplied", "InvoiceDetailId" FROM cost_lines WHERE source_row = 2`,
    );
    expect(r).toEqual({
      ServiceProviderName: 'Nimbus Cloud',
      HostProviderName: 'Nimbus Cloud',
      ProviderName: 'Nimbus Cloud',
      AllocatedMethodId: 'cpu-share',
      AllocatedResourceId: 'pod-1',
      AllocatedResourceName: 'checkout-1',
      AllocatedTags: '{"team":"payments"}',
      AllocatedMethodDetails: '{"Elements":[{"AllocatedRatio":0.5,"UsageUnit":"vCPU-Hours","UsageQuantity":1}]}',
      ContractApplied: '{"Elements":[{"ContractID":"K-1","ContractCommitmentID":"CC-1","ContractCommitmentAppliedCost":3.3333333333}]}',
      InvoiceDetailId: null,
    });
  });

  it('sums invoice detail per currency exactly, tax included', () => {
    expect(loads['invoice_detail.csv'].totals).toEqual({ EUR: { billed_cost: '80.00' }, USD: { billed_cost: '204.42' } });
    expect(loads['contract_commitment.csv'].totals).toEqual({
      '(none)': { contract_commitment_cost: '0.00' },
      USD: { contract_commitment_cost: '1200.00' },
    });
  });

  it('keeps the typed columns of the supporting datasets', async () => {
    const [bp] = await engine.query(
      `SELECT CAST("BillingPeriodStart" AS VARCHAR) AS s, "BillingPeriodStatus" AS st FROM billing_periods WHERE "InvoiceIssuerName" = 'Nimbus Cloud Inc.' ORDER BY 1`,
    );
    expect(bp).toEqual({ s: '2026-05-01 00:00:00', st: 'Closed' });
    const cc = await engine.query(
      `SELECT "ContractCommitmentId" AS id, CAST("ContractCommitmentQuantity" AS VARCHAR) AS q, "ContractCommitmentUnit" AS u FROM contract_commitments ORDER BY 1`,
    );
    expect(cc).toEqual([
      { id: 'CC-1', q: null, u: null },
      { id: 'CC-2', q: '5000.000000000000000000', u: 'GB-Months' },
    ]);
  });

  it('loads a 1.4 file with InvoiceDetailId and no ProviderName column', async () => {
    const e = await createNodeEngine();
    try {
      const l = await loadLocalFile(e, path.join(DIR, 'cost_and_usage-1.4.csv'), { adapters });
      expect([l.format, l.rows, l.totals]).toEqual(['focus-1.4', 61, { USD: { billed_cost: '237.999999999', effective_cost: '237.999999999' } }]);
      const [r] = await e.query(`SELECT count(DISTINCT "InvoiceDetailId") AS n, any_value("ProviderName") AS p FROM cost_lines`);
      expect([Number(r.n), r.p]).toEqual([5, 'Nimbus Cloud']);
    } finally {
      await e.close();
    }
  });

  it('refuses an Invoice Detail file given as cost data, naming what it is', async () => {
    const e = await loadLocalFile(engine, path.join(DIR, 'invoice_detail.csv'), { adapters, kindHint: 'cost' }).catch((x: Error) => x);
    expect((e as Error).message).toBe(
      'invoice_detail.csv: row 0 (header): these are the columns of FOCUS 1.4 Invoice Detail, not cost data: give the file as invoices',
    );
  });
});
