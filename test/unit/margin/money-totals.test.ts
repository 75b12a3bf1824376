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

describe('margin money paths are exact', () => {
  it('revenue totals equal the sum of the source lines: 0.1 + 0.2, ~10^12 JPY and KWD, never mixed', async () => {
    await resetTables(engine);
    const csv =
      'invoice_number,fee_id,item_type,item_code,external_customer_id,from_date,to_date,currency,units,fee_amount_cents\n' +
      'I1,f1,charge,api,c1,2024-03-01,2024-03-31,USD,1,10\n' +
      'I1,f2,charge,api,c1,2024-03-01,2024-03-31,USD,1,20\n' +
      'I2,f3,charge,api,c2,2024-03-01,2024-03-31,JPY,1,999999999999\n' +
      'I2,f4,charge,api,c2,2024-03-01,2024-03-31,JPY,1,1\n' +
      'I3,f5,charge,api,c3,2024-03-01,2024-03-31,KWD,1,999999999999999\n' +
      'I3,f6,charge,api,c3,2024-03-01,2024-03-31,KWD,1,1\n';
    const r = await loadText(engine, 'ledger.csv', csv);
    expect(r.totals.USD.amount).toBe('0.30');
    const a = await runBillingAnalysis(engine, defaultBillingConfig());
    const rev = Object.fromEntries(a.margin.bySku.map((m) => [m.currency, m.revenue]));
    expect(rev).toEqual({ USD: '0.30', JPY: '1000000000000', KWD: '1000000000000.000' });
  });

  it('cost is allocated by tags; untagged cost stays its own line or splits exactly by usage', async () => {
    await resetTables(engine);
    const head =
      'BilledCost,EffectiveCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,BillingPeriodStart,BillingPeriodEnd,ChargeCategory,ServiceName,ProviderName,ListCost,ContractedCost,Tags';
    const line = (c: string, tags: string) => `${c},${c},USD,2024-03-01,2024-03-02,2024-03-01,2024-04-01,Usage,S3,AWS,${c},${c},${tags}`;
    await loadText(
      engine,
      'cost.csv',
      [head, line('0.1', '"{""tenant"":""c1"",""product"":""api""}"'), line('0.2', '"{""sku"":""api""}"'), line('1.00', '')].join('\n') + '\n',
    );
    const ev = (id: string, sku: string, v: number) =>
      JSON.stringify({ specversion: '1.0', id, source: 's', type: sku, subject: 'c1', time: '2024-03-05T00:00:00Z', data: { value: v } });
    await loadText(engine, 'ev.ndjson', [ev('1', 'api', 1), ev('2', 'gb', 2)].join('\n'));
    const un = await runBillingAnalysis(engine, defaultBillingConfig());
    expect(un.margin.bySku.map((m) => [m.sku, m.cost])).toEqual([
      ['(unallocated)', '1.00'],
      ['api', '0.30'],
    ]);
    expect(un.margin.bySkuCustomer.find((m) => m.sku === 'api' && m.customer_id === 'c1')?.cost).toBe('0.10');
    const prop = await runBillingAnalysis(engine, { ...defaultBillingConfig(), sharedCost: 'proportional' });
    expect(prop.margin.bySku.map((m) => [m.sku, m.cost])).toEqual([
      ['api', '0.63'],
      ['gb', '0.67'],
    ]);
  });
});

describe('margin totals per currency', () => {
  it('are rounded once from the exact sums, not summed from rounded SKU rows', async () => {
    await resetTables(engine);
    const head =
      'BilledCost,EffectiveCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,BillingPeriodStart,BillingPeriodEnd,ChargeCategory,ServiceName,ProviderName,ListCost,ContractedCost,Tags';
    const line = (c: string, sku: string) =>
      `${c},${c},USD,2024-03-01,2024-03-02,2024-03-01,2024-04-01,Usage,S3,AWS,${c},${c},"{""sku"":""${sku}""}"`;
    // Three SKUs at 0.004 each: every SKU row rounds to 0.00, the exact total 0.012 rounds to 0.01.
    await loadText(engine, 'cost.csv', [head, line('0.004', 'a'), line('0.004', 'b'), line('0.004', 'c')].join('\n') + '\n');
    const a = await runBillingAnalysis(engine, defaultBillingConfig());
    expect(a.margin.bySku.map((m) => m.cost)).toEqual(['0.00', '0.00', '0.00']);
    expect(a.margin.byCurrency.map((m) => [m.currency, m.cost, m.margin])).toEqual([['USD', '0.01', '-0.01']]);
    expect(a.margin.byPeriod.map((m) => [m.period, m.cost])).toEqual([['2024-03', '0.01']]);
  });
});
