/**
 * A multi-currency workspace (the demo company plus a customer billed in JPY whose provider cost
 * is in USD) converted to a reporting currency: the totals must equal an independent computation
 * from the raw file rows and the rates file, with BigInt fractions, to the last decimal.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../../src/engine/node-engine';
import type { Engine } from '../../../src/engine/engine';
import { parseBillingConfig, type BillingConfig } from '../../../src/model/mappings';
import { prepareBillingTables } from '../../../src/analysis/reconcile/prepare';
import { margin } from '../../../src/analysis/margin/margin';
import { reportingMargin } from '../../../src/analysis/fx/reporting-margin';
import { completeRun, runAnalysis } from '../../../src/run/analysis-run';
import { COST, independentTotals, LEDGER } from './independent-totals';
import { loadText, resetTables } from '../billing/load-helpers';

const ROOT = path.resolve(__dirname, '../../..');
const read = (f: string) => readFileSync(path.join(ROOT, f), 'utf8');
const OTHER = ['test/fixtures/demo-march/usage_cloudevents.ndjson', 'test/fixtures/demo-march/price_book.csv'];

// ---- The workspace. -----------------------------------------------------------------------------
let engine: Engine;
let cfg: BillingConfig;
beforeAll(async () => {
  engine = await createNodeEngine();
  cfg = parseBillingConfig(read('test/fixtures/demo-march/config.json'), 'config.json');
  await resetTables(engine);
  for (const f of [...COST, ...LEDGER, ...OTHER, 'test/fixtures/fx/rates.csv']) await loadText(engine, path.basename(f), read(f), cfg);
  await prepareBillingTables(engine, cfg);
  await margin(engine, cfg);
});
afterAll(() => engine.close());

async function convertWith(ratesFile: string, to: string) {
  await engine.exec('DELETE FROM fx_rates');
  await loadText(engine, path.basename(ratesFile), read(ratesFile), cfg);
  return reportingMargin(engine, cfg, { currency: to });
}

describe('margin in a reporting currency', () => {
  it.each([
    ['test/fixtures/fx/rates.csv', 'USD'],
    ['test/fixtures/fx/rates.csv', 'JPY'],
    ['test/fixtures/fx/eurofxref-hist.csv', 'USD'],
    ['test/fixtures/fx/eurofxref-hist.csv', 'JPY'],
    ['test/fixtures/fx/eurofxref-hist.csv', 'EUR'],
  ])('with %s to %s: totals equal the independent computation from the raw rows to the last decimal', async (file, to) => {
    const r = await convertWith(file, to);
    const expected = independentTotals(file, to);
    console.log(
      `${path.basename(file)} -> ${to}: ${expected.rows} raw rows; revenue ${expected.revenue}, cost ${expected.cost}, margin ${expected.margin}`,
    );
    expect(r.total).toMatchObject({
      currency: to,
      revenue: expected.revenue,
      cost: expected.cost,
      margin: expected.margin,
      native_currencies: 'JPY USD',
    });
    // Per period the same (one month), and the SKU rows add up to the total within their own rounding.
    expect(r.rows.find((x) => x.level === 'period')).toMatchObject({ period: '2024-03', revenue: expected.revenue, cost: expected.cost });
  });

  it('records the rate and its date on every converted currency-day, and the native rows keep their currency', async () => {
    const r = await convertWith('test/fixtures/fx/eurofxref-hist.csv', 'USD');
    const sat = r.conversions.find((c) => c.currency === 'JPY' && c.date === '2024-03-16')!;
    // A Saturday converts with Friday's rates, via EUR; legs name file and row.
    expect(sat).toMatchObject({ reporting_currency: 'USD', fx_date: '2024-03-15' });
    expect(sat.fx_legs).toMatch(
      /^1\/\(EUR→JPY [\d.]+ @2024-03-15 \(eurofxref-hist\.csv#\d+\)\); EUR→USD [\d.]+ @2024-03-15 \(eurofxref-hist\.csv#\d+\)$/,
    );
    expect(r.conversions.every((c) => c.currency !== 'USD')).toBe(true);
    const sakura = r.rows.find((x) => x.level === 'customer' && x.customer_id === 'sakura')!;
    expect(sakura).toMatchObject({ native_currencies: 'JPY USD', fx_date: '2024-03-01..2024-03-15' });
    expect(Number(sakura.margin_pct)).toBeLessThan(100);
    const native = await engine.query(`SELECT DISTINCT currency FROM __mg_cells WHERE cust = 'sakura' ORDER BY 1`);
    expect(native.map((x) => x.currency)).toEqual(['JPY', 'USD']);
  });

  it('refuses a missing rate, naming the currency and the date', async () => {
    await engine.exec('DELETE FROM fx_rates');
    await loadText(engine, 'late-rates.csv', 'date,from,to,rate\n2024-03-10,JPY,USD,0.0067\n', cfg);
    const run = await runAnalysis(engine, { config: cfg, reportingCurrency: 'USD' });
    expect(run.reporting).toBeNull();
    expect(() => completeRun(run)).toThrow(
      'missing FX rate: cannot convert JPY to USD for 2024-03-01: no JPY→USD rate (direct, inverse or via EUR) on or before that date in late-rates.csv; expected a rate dated 2024-03-01 or up to 7 days before',
    );
    expect(run.margin?.byCurrency.map((x) => x.currency)).toEqual(['JPY', 'USD']);
  });
});
