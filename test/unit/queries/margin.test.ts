import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine';
import { DEFAULT_CUSTOMER_TAG_KEYS, DEFAULT_SKU_TAG_KEYS } from '../../../src/model/mappings';
import { runQuery } from '../../../src/queries/query';
import { marginBySku } from '../../../src/queries/margin/by-sku';
import { marginByCustomer } from '../../../src/queries/margin/by-customer';
import { marginOverTime } from '../../../src/queries/margin/over-time';
import { marginCostLines, marginInvoiceLines, marginUsageEvents } from '../../../src/queries/margin/rows-behind';
import { NEGATIVE_FLAG } from '../../../src/queries/margin/fields';
import { demoCompany, demoPlanted, exact, sumAtScale } from './demo-company';

let engine: Engine;
beforeAll(async () => {
  engine = (await demoCompany()).engine;
});
afterAll(async () => engine?.close());

const tags = { skuTagKeys: DEFAULT_SKU_TAG_KEYS, customerTagKeys: DEFAULT_CUSTOMER_TAG_KEYS };

describe('margin/by-sku', () => {
  it('one row per SKU in the currency, the negative one flagged in text', async () => {
    const rows = await runQuery(engine, marginBySku({ currency: 'USD', period: 'all' }));
    expect(rows.map((r) => r.sku).sort()).toEqual(['(unallocated)', 'api_calls', 'compute_hours', 'gpu_minutes', 'storage_gb', 'usage_plan']);
    expect(rows.find((r) => r.sku === 'gpu_minutes')).toEqual({
      sku: 'gpu_minutes',
      revenue: '748.800000000000000000',
      cost: '1938.070000000000000000',
      margin: '-1189.270000000000000000',
      margin_pct: '-158.82',
      flag: NEGATIVE_FLAG,
      billed_quantity: '832.000000000000000000',
      metered_quantity: '712.000000000000000000',
      currency: 'USD',
      negative_margin: true,
    });
    const unallocated = rows.find((r) => r.sku === '(unallocated)')!;
    expect([unallocated.cost, unallocated.margin_pct, unallocated.flag]).toEqual(['62.760000000000000000', null, '']);
    // Each SKU row is rounded on its own: they add up to a cent off the currency total (-652.15,
    // rounded once), which is why the Overview reads the total row rather than summing these.
    expect(sumAtScale(rows.map((r) => r.margin!))).toBe('-652.140000000000000000');
  });

  it('matches the planted margin of the demo', async () => {
    const rows = await runQuery(engine, marginBySku({ currency: 'USD', period: 'all' }));
    for (const p of demoPlanted().filter((x) => x.margin && x.currency === 'USD')) {
      const r = rows.find((x) => x.sku === p.sku)!;
      expect([exact(r.revenue), exact(r.cost), exact(r.margin)]).toEqual([exact(p.margin!.revenue), exact(p.margin!.cost), exact(p.margin!.margin)]);
    }
  });

  it('filters by SKU text (case-insensitive, bound) and to negative margins; a month reads its period rows', async () => {
    const api = await runQuery(engine, marginBySku({ currency: 'USD', period: '2024-03', filter: 'API' }));
    expect(api.map((r) => [r.sku, r.margin])).toEqual([['api_calls', '29.970000000000000000']]);
    const neg = await runQuery(engine, marginBySku({ currency: 'USD', period: 'all', negativeOnly: true }));
    expect(neg.map((r) => r.sku)).toEqual(['gpu_minutes']);
    expect(await runQuery(engine, marginBySku({ currency: 'USD', period: 'all', filter: "%' OR '1'='1" }))).toEqual([]);
    expect(await runQuery(engine, marginBySku({ currency: 'USD', period: '2024-02' }))).toEqual([]);
  });

  it('keeps JPY apart', async () => {
    const rows = await runQuery(engine, marginBySku({ currency: 'JPY', period: 'all' }));
    expect(rows.every((r) => r.currency === 'JPY')).toBe(true);
    expect(sumAtScale(rows.map((r) => r.revenue!))).toBe('30701.000000000000000000');
  });
});

describe('margin/by-customer', () => {
  it('the customers of one SKU', async () => {
    const rows = await runQuery(engine, marginByCustomer({ sku: 'gpu_minutes', currency: 'USD' }));
    expect(rows.map((r) => [r.customer_label, r.revenue, r.cost, r.margin, r.flag])).toEqual([
      ['acme', '640.800000000000000000', '1938.070000000000000000', '-1297.270000000000000000', NEGATIVE_FLAG],
      ['hooli', '108.000000000000000000', '0.000000000000000000', '108.000000000000000000', ''],
    ]);
  });

  it("labels cost without a customer '(no customer)' and keeps its id empty", async () => {
    const rows = await runQuery(engine, marginByCustomer({ sku: '(unallocated)', currency: 'USD' }));
    expect(rows.map((r) => [r.customer_label, r.customer_id ?? '', r.cost])).toEqual([['(no customer)', '', '62.760000000000000000']]);
  });
});

describe('margin/over-time', () => {
  it('revenue and cost per period, all SKUs or one', async () => {
    expect(await runQuery(engine, marginOverTime({ currency: 'USD', sku: null }))).toEqual([
      { period: '2024-03', revenue: '1405.230000000000000000', cost: '2057.370000000000000000' },
    ]);
    expect(await runQuery(engine, marginOverTime({ currency: 'USD', sku: 'gpu_minutes' }))).toEqual([
      { period: '2024-03', revenue: '748.800000000000000000', cost: '1938.070000000000000000' },
    ]);
    expect(await runQuery(engine, marginOverTime({ currency: 'EUR', sku: null }))).toEqual([]);
  });
});

describe('margin/rows-behind', () => {
  const cell = { sku: 'gpu_minutes', customer: 'acme', currency: 'USD' };

  it('invoice lines of the SKU × customer add up to its revenue', async () => {
    const rows = await runQuery(engine, marginInvoiceLines(cell));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.customer_id === 'acme' && r.sku === 'gpu_minutes' && r.source_file === 'lago_invoice_fees.csv')).toBe(true);
    expect(exact(sumAtScale(rows.map((r) => r.amount!)))).toBe(exact('640.80'));
  });

  it('usage events add up to the metered quantity', async () => {
    const rows = await runQuery(engine, marginUsageEvents(cell));
    expect(exact(sumAtScale(rows.map((r) => r.quantity!)))).toBe(exact('712'));
    expect(rows.every((r) => r.source_file === 'usage_cloudevents.ndjson')).toBe(true);
  });

  it('cost lines tagged with the SKU (and customer) add up to the allocated cost', async () => {
    const rows = await runQuery(engine, marginCostLines({ ...cell, ...tags }));
    expect(rows).toHaveLength(31);
    expect(sumAtScale(rows.map((r) => r.BilledCost!))).toBe('1938.072845220900000000');
    expect(await runQuery(engine, marginCostLines({ ...cell, customer: 'hooli', ...tags }))).toEqual([]);
  });

  it('no customer: events without a subject, and every cost line tagged with the SKU', async () => {
    const events = await runQuery(engine, marginUsageEvents({ sku: 'api_calls', customer: '', currency: 'USD' }));
    expect(events).toHaveLength(7);
    expect(exact(sumAtScale(events.map((r) => r.quantity!)))).toBe(exact('280'));
    const cost = await runQuery(engine, marginCostLines({ sku: 'api_calls', customer: '', currency: 'USD', ...tags }));
    expect(exact(sumAtScale(cost.map((r) => r.BilledCost!)))).toBe(exact('7.6805871269'));
  });
});
