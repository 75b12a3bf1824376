/**
 * Unit economics on the demo company against figures computed here from the sample files (cost
 * CSV, usage NDJSON, Lago fees) with BigInt: price = revenue ÷ billed units, cost = cost ÷ metered
 * units, each rounded once to 10 decimals, margin per unit their difference.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine';
import { parseCsv } from '../../../src/model/csv';
import { runQuery } from '../../../src/queries/query';
import { losingSkus, unitEconomics, UNIT_SCALE } from '../../../src/queries/margin/unit-economics';
import { losingSkuSentence, unitName } from '../../../renderer/features/margin/unit-sentence';
import { demoCompany, exact } from './demo-company';

const DEMO = path.resolve(__dirname, '../../fixtures/demo-march');
const csv = (f: string) => {
  const [head, ...rows] = parseCsv(readFileSync(path.join(DEMO, f), 'utf8'));
  return rows.filter((r) => r.length === head.length).map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
};
const d18 = (s: string) => exact(s)!;

/** gpu_minutes in USD, straight from the files. */
function gpuFromFiles() {
  const cost = csv('cost_focus.csv')
    .filter((r) => r.BillingCurrency === 'USD' && (JSON.parse(r.Tags || '{}') as Record<string, string>).sku === 'gpu_minutes')
    .reduce((a, r) => a + d18(r.BilledCost), 0n);
  const fees = csv('lago_invoice_fees.csv').filter((r) => r.fee_item_code === 'gpu_minutes' && r.fee_amount_currency === 'USD');
  // Revenue excludes tax: (total − taxes) cents.
  const revenue = fees.reduce((a, r) => a + (BigInt(r.fee_total_amount_cents) - BigInt(r.fee_taxes_amount_cents)) * 10n ** 16n, 0n);
  const billed = fees.reduce((a, r) => a + d18(r.fee_units), 0n);
  const metered = readFileSync(path.join(DEMO, 'usage_cloudevents.ndjson'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { type: string; subject?: string; data: { value: string } })
    .filter((e) => e.type === 'gpu_minutes')
    .reduce((a, e) => a + d18(e.data.value), 0n);
  return { cost, revenue, billed, metered };
}

/** a / b at 10 decimals, half away from zero, as BigInt units of 10^-18 (the result tables' scale). */
function quotient(a: bigint, b: bigint): bigint {
  const p = 10n ** BigInt(UNIT_SCALE);
  const q = (2n * a * p + b) / (2n * b);
  return q * 10n ** BigInt(18 - UNIT_SCALE);
}

let engine: Engine;
beforeAll(async () => {
  engine = (await demoCompany()).engine;
});
afterAll(async () => engine?.close());

describe('margin/unit-economics', () => {
  it('per SKU: billed units, price, cost and margin per unit, exact', async () => {
    const f = gpuFromFiles();
    const rows = await runQuery(engine, unitEconomics({ currency: 'USD', period: 'all' }));
    const gpu = rows.find((r) => r.sku === 'gpu_minutes')!;
    const price = quotient(f.revenue, f.billed);
    const cost = quotient(f.cost, f.metered);
    expect(exact(gpu.billed_quantity)).toBe(f.billed);
    expect(exact(gpu.metered_quantity)).toBe(f.metered);
    expect(exact(gpu.unit_price)).toBe(price);
    expect(exact(gpu.unit_cost)).toBe(cost);
    expect(exact(gpu.unit_margin)).toBe(price - cost);
    expect(gpu.negative_margin).toBe(true);
  });

  it('the losing SKU explains itself in a sentence', async () => {
    const [loser, ...rest] = await runQuery(engine, losingSkus({ currency: 'USD' }));
    expect(rest).toEqual([]);
    expect(losingSkuSentence(loser)).toBe('gpu_minutes: 2.72 USD of cost per minute sold at 0.90 USD, −1.82 USD per minute.');
    expect([unitName('api_calls'), unitName('storage_gb'), unitName('compute_hours'), unitName('usage_plan')]).toEqual([
      'call',
      'GB',
      'hour',
      'unit',
    ]);
  });

  it('per customer of a SKU and over time, each row its own exact quotients', async () => {
    const byCustomer = await runQuery(engine, unitEconomics({ currency: 'USD', period: 'all', sku: 'gpu_minutes' }));
    expect(byCustomer.length).toBeGreaterThan(0);
    for (const r of [...byCustomer, ...(await runQuery(engine, unitEconomics({ currency: 'USD', period: 'over-time' })))]) {
      if (r.unit_price !== null) expect(exact(r.unit_price)).toBe(quotient(d18(r.revenue!), d18(r.billed_quantity!)));
      if (r.unit_price !== null && r.unit_cost !== null) expect(exact(r.unit_margin)).toBe(exact(r.unit_price)! - exact(r.unit_cost)!);
    }
    const overTime = await runQuery(engine, unitEconomics({ currency: 'USD', period: 'over-time' }));
    expect(new Set(overTime.map((r) => r.period))).toEqual(new Set(['2024-03']));
    expect(await runQuery(engine, unitEconomics({ currency: 'USD', period: '2024-03' }))).toEqual(overTime);
  });
});
