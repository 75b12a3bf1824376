/**
 * The independent computation of a converted margin total: the raw rows of the ledger and cost
 * files, each converted with the rate of its own day read straight from the rates file, summed as
 * BigInt fractions and rounded once. Shares nothing with src/ (Node test and UI test use it).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { csvRecords } from '../ingest/csv-reference';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const read = (f: string) => readFileSync(path.join(ROOT, f), 'utf8');
export const COST = ['test/fixtures/demo-march/cost_focus.csv', 'test/fixtures/fx/sakura_cost_focus.csv'];
export const LEDGER = ['test/fixtures/demo-march/lago_invoice_fees.csv', 'test/fixtures/fx/sakura_jpy_invoice_fees.csv'];

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
export function independentTotals(ratesFile: string, to: string): { revenue: string; cost: string; margin: string; rows: number } {
  const rate = ratesTable(ratesFile, to);
  let [rev, cost]: Frac[] = [
    [0n, 1n],
    [0n, 1n],
  ];
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
