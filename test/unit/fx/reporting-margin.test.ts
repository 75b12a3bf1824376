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
import { csvRecords } from '../ingest/csv-reference';
import { loadText, resetTables } from '../billing/load-helpers';

const ROOT = path.resolve(__dirname, '../../..');
const read = (f: string) => readFileSync(path.join(ROOT, f), 'utf8');
const COST = ['samples/demo/cost_focus.csv', 'test/fixtures/fx/sakura_cost_focus.csv'];
const LEDGER = ['samples/demo/lago_invoice_fees.csv', 'test/fixtures/fx/sakura_jpy_invoice_fees.csv'];
const OTHER = ['samples/demo/usage_cloudevents.ndjson', 'samples/demo/price_book.csv'];

// ---- The independent computation: raw rows, rates, fractions. -------------------------------
type Frac = [bigint, bigint];
const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
const norm = ([n, d]: Frac): Frac => {
  const g = gcd(n, d) || 1n;
  return [n / g, d / g];
};
const plus = (a: Frac, b: Frac): Frac => norm([a[0] * b[1] + b[0] * a[1], a[1] * b[1]]);
const times = (a: Frac, b: Frac): Frac => norm([a[0] * b[0], a[1] * b[1]]);
const dec = (s: string): Frac => {
  const neg = s.startsWith('-');
  const [i, f = ''] = s.replace('-', '').split('.');
  return norm([(neg ? -1n : 1n) * BigInt(i + f), 10n ** BigInt(f.length)]);
};
/** Half away from zero to `places` decimals, as the decimal string. */
const round = ([n, d]: Frac, places: number): string => {
  const neg = n < 0n;
  const x = (neg ? -n : n) * 10n ** BigInt(places);
  let q = x / d;
  if ((x % d) * 2n >= d) q += 1n;
  const s = q.toString().padStart(places + 1, '0');
  return (neg && q !== 0n ? '-' : '') + (places ? `${s.slice(0, -places)}.${s.slice(-places)}` : s);
};
const EXP: Record<string, number> = { USD: 2, JPY: 0, EUR: 2 };

/** date -> (currency -> units of `to` per 1 currency), from the rates file as written. */
function ratesTable(file: string, to: string): (cur: string, day: string) => Frac {
  const { records } = csvRecords(read(file));
  const byCur = new Map<string, [string, Frac][]>();
  const put = (cur: string, day: string, r: Frac) => byCur.set(cur, [...(byCur.get(cur) ?? []), [day, r]]);
  if (file.endsWith('eurofxref-hist.csv')) {
    // ECB: units per 1 EUR; X -> to = (to per EUR) / (X per EUR).
    for (const r of records) {
      const perEur = (c: string): Frac | null => (c === 'EUR' ? [1n, 1n] : r[c] && r[c] !== 'N/A' ? dec(r[c]) : null);
      for (const cur of ['USD', 'JPY']) {
        const [a, b] = [perEur(to), perEur(cur)];
        if (a && b) put(cur, r.Date, times(a, [b[1], b[0]]));
      }
    }
  } else {
    for (const r of records) {
      const x = dec(r.rate);
      if (r.to === to) put(r.from, r.date, x);
      if (r.from === to) put(r.to, r.date, [x[1], x[0]]); // the inverse: 1 / rate
    }
  }
  return (cur, day) => {
    if (cur === to) return [1n, 1n];
    const older = (byCur.get(cur) ?? []).filter(([d]) => d <= day).sort(([a], [b]) => (a < b ? 1 : -1));
    if (!older.length) throw new Error(`test: no ${cur} rate for ${day}`);
    return older[0][1];
  };
}

/** Revenue and cost of every raw row, converted with the rate of its own day, summed exactly, rounded once. */
function independentTotals(ratesFile: string, to: string): { revenue: string; cost: string; margin: string; rows: number } {
  const rate = ratesTable(ratesFile, to);
  let [rev, cost]: Frac[] = [[0n, 1n], [0n, 1n]];
  let rows = 0;
  for (const f of LEDGER) {
    for (const r of csvRecords(read(f)).records) {
      // Lago fee: total minus taxes, in minor units of its currency; the service period start dates it.
      const cur = r.fee_amount_currency;
      const amount: Frac = [BigInt(r.fee_total_amount_cents) - BigInt(r.fee_taxes_amount_cents), 10n ** BigInt(EXP[cur])];
      rev = plus(rev, times(amount, rate(cur, r.fee_from_date_utc.slice(0, 10))));
      rows++;
    }
  }
  for (const f of COST) {
    for (const r of csvRecords(read(f)).records) {
      cost = plus(cost, times(dec(r.EffectiveCost), rate(r.BillingCurrency, r.ChargePeriodStart.slice(0, 10))));
      rows++;
    }
  }
  const [revenue, c] = [round(rev, EXP[to]), round(cost, EXP[to])];
  return { revenue, cost: c, margin: round(plus(dec(revenue), [-dec(c)[0], dec(c)[1]]), EXP[to]), rows };
}

// ---- The workspace. -----------------------------------------------------------------------------
let engine: Engine;
let cfg: BillingConfig;
beforeAll(async () => {
  engine = await createNodeEngine();
  cfg = parseBillingConfig(read('samples/demo/config.json'), 'config.json');
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
    console.log(`${path.basename(file)} -> ${to}: ${expected.rows} raw rows; revenue ${expected.revenue}, cost ${expected.cost}, margin ${expected.margin}`);
    expect(r.total).toMatchObject({ currency: to, revenue: expected.revenue, cost: expected.cost, margin: expected.margin, native_currencies: 'JPY USD' });
    // Per period the same (one month), and the SKU rows add up to the total within their own rounding.
    expect(r.rows.find((x) => x.level === 'period')).toMatchObject({ period: '2024-03', revenue: expected.revenue, cost: expected.cost });
  });

  it('records the rate and its date on every converted currency-day, and the native rows keep their currency', async () => {
    const r = await convertWith('test/fixtures/fx/eurofxref-hist.csv', 'USD');
    const sat = r.conversions.find((c) => c.currency === 'JPY' && c.date === '2024-03-16')!;
    // A Saturday converts with Friday's rates, via EUR; legs name file and row.
    expect(sat).toMatchObject({ reporting_currency: 'USD', fx_date: '2024-03-15' });
    expect(sat.fx_legs).toMatch(/^1\/\(EUR→JPY [\d.]+ @2024-03-15 \(eurofxref-hist\.csv#\d+\)\); EUR→USD [\d.]+ @2024-03-15 \(eurofxref-hist\.csv#\d+\)$/);
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
