import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../../src/engine/node-engine';
import type { Engine } from '../../../src/engine/engine';
import { defaultBillingConfig } from '../../../src/model/mappings';
import { completeRun, runAnalysis } from '../../../src/run/analysis-run';
import type { BillingConfig } from '../../../src/model/mappings';

const runBillingAnalysis = async (engine: Engine, config: BillingConfig) => completeRun(await runAnalysis(engine, { config }));
import { loadText, resetTables } from '../billing/load-helpers';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => engine?.close());

const ev = (id: string, subject: string, time: string, value: number) =>
  JSON.stringify({ specversion: '1.0', id, source: 'gw', type: 'api', subject, time, data: { value } });
const FEES =
  'invoice_number,fee_lago_id,fee_item_type,fee_item_code,subscription_external_id,fee_from_date_utc,fee_to_date_utc,invoice_issuing_date,fee_amount_currency,fee_units,fee_precise_unit_amount,fee_amount_cents\n';

describe('event findings, provider check and SLIs', () => {
  it('suspected duplicates, usage outside any subscription, unbilled usage; SKU aliases; provider totals', async () => {
    await resetTables(engine);
    await loadText(
      engine,
      'ev.ndjson',
      [
        ev('a1', 'c1', '2024-03-05T10:00:00Z', 5),
        ev('a2', 'c1', '2024-03-05T10:00:00.400Z', 5), // same customer/sku/value 0.4 s later, another id
        ev('a3', 'c1', '2024-03-20T10:00:00Z', 7),
        ev('b1', 'c2', '2024-03-06T10:00:00Z', 3), // c2 billed only for 1-10 March
        ev('b2', 'c2', '2024-03-25T10:00:00Z', 4),
        ev('x1', 'c3', '2024-03-07T10:00:00Z', 9), // c3 has no invoice at all
      ].join('\n'),
    );
    await loadText(
      engine,
      'fees.csv',
      FEES +
        'I1,f1,charge,API Calls,c1,2024-03-01T00:00:00Z,2024-03-31T23:59:59Z,2024-04-01,USD,17,1.00,1700\n' +
        'I2,f2,charge,API Calls,c2,2024-03-01T00:00:00Z,2024-03-10T23:59:59Z,2024-04-01,USD,7,1.00,700\n',
    );
    await loadText(engine, 'prices.csv', 'sku,currency,unit_price\napi,USD,1.00\n');
    const head =
      'BilledCost,EffectiveCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,BillingPeriodStart,BillingPeriodEnd,ChargeCategory,ServiceName,ProviderName,ListCost,ContractedCost,InvoiceId,BillingAccountId';
    await loadText(
      engine,
      'cost.csv',
      `${head}\n300,0,USD,2024-03-01,2024-03-02,2024-03-01,2024-04-01,Purchase,EC2,AWS,300,300,INV-9,A1\n0,25.5,USD,2024-03-01,2024-03-02,2024-03-01,2024-04-01,Usage,EC2,AWS,30,25.5,INV-9,A1\n`,
    );
    const cfg = {
      ...defaultBillingConfig(),
      skuAliases: { 'API Calls': 'api' },
      providerInvoices: [{ invoice_id: 'INV-9', currency: 'USD', total: '300.01' }],
    };
    const a = await runBillingAnalysis(engine, cfg);
    const byCode = (c: string) => a.reconciliation.findings.filter((f) => f.code === c);
    expect(byCode('suspected_duplicate').map((f) => [f.customer_id, f.quantity, f.amount, f.event_ids])).toEqual([['c1', '5', '5.00', ['a2']]]);
    expect(
      byCode('outside_subscription')
        .map((f) => [f.customer_id, f.quantity])
        .sort(),
    ).toEqual([
      ['c2', '4'],
      ['c3', '9'],
    ]);
    const rows = Object.fromEntries(a.reconciliation.rows.map((r) => [r.customer_id, [r.status, r.amount_delta]]));
    expect(rows).toEqual({ c1: ['matched', '0.00'], c2: ['matched', '0.00'], c3: ['unbilled', '-9.00'] });
    const p = a.provider[0];
    expect([p.billed_cost, p.effective_cost, p.billed_minus_effective, p.provider_invoice_total, p.invoice_difference, p.status]).toEqual([
      '300.00',
      '25.50',
      '274.50',
      '300.01',
      '0.01',
      'mismatch',
    ]);
    expect(p.explanation).toMatch(/Purchase 300.00 \(purchases/);
    expect(a.slis.duplicate_ratio).toBe(0);
    expect(a.slis.reconciliation_delta_pct).toEqual({ USD: '27.2727' }); // 9 / 33
    expect(a.slis.ingestion_completeness.events).toBe(6);

    const daily = await runBillingAnalysis(engine, { ...cfg, period: 'day' });
    const c3 = daily.reconciliation.rows.find((r) => r.customer_id === 'c3');
    expect([c3?.period, c3?.status]).toEqual(['2024-03-07', 'unbilled']);
  });

  it('two events at the same instant: the suspect is the same whichever file was loaded first (ties break by id, never by load order)', async () => {
    const suspectOf = async (order: string[]) => {
      await resetTables(engine);
      const files: Record<string, string> = {
        'z.ndjson': ev('evt_a', 'c1', '2024-03-05T10:00:00Z', 5),
        'a.ndjson': ev('evt_b', 'c1', '2024-03-05T10:00:00Z', 5),
      };
      for (const name of order) await loadText(engine, name, files[name]);
      await loadText(engine, 'fees.csv', FEES + 'I1,f1,charge,API Calls,c1,2024-03-01T00:00:00Z,2024-03-31T23:59:59Z,2024-04-01,USD,10,1.00,1000\n');
      await loadText(engine, 'prices.csv', 'sku,currency,unit_price\napi,USD,1.00\n');
      const a = await runBillingAnalysis(engine, defaultBillingConfig());
      return a.reconciliation.findings.filter((f) => f.code === 'suspected_duplicate').map((f) => [f.event_ids, f.source_rows]);
    };
    const expected = [[['evt_b'], [{ file: 'a.ndjson', row: 1 }]]];
    expect(await suspectOf(['z.ndjson', 'a.ndjson'])).toEqual(expected);
    expect(await suspectOf(['a.ndjson', 'z.ndjson'])).toEqual(expected);
  });
});
