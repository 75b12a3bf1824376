/**
 * Margin in one reporting currency: every day of revenue and cost (`__mg_dated`, built by
 * margin()) converted with the rate of its own date (src/model/fx.ts), summed as exact rationals
 * and rounded once per row to the reporting currency's minor units. Rows have the native margin's
 * levels and keys with `currency` = the reporting currency; the native rows stay as they were.
 * A missing rate refuses the whole conversion, naming the currency and date. Call margin() first.
 */
import type { Engine } from '../../engine/engine';
import { ensureCanonicalTables } from '../../engine/ddl';
import { UserError } from '../../model/errors';
import {
  addRational,
  convertExact,
  describeLeg,
  DEFAULT_FX_MAX_AGE_DAYS,
  formatRational,
  FxRates,
  mulRational,
  RATE_SCALE,
  toCurrencyMinor,
  ZERO,
  type AppliedRate,
  type Rational,
} from '../../model/fx';
import type { BillingConfig } from '../../model/mappings';
import { currencyExponent, formatDecimal, isKnownCurrency, parseDecimal } from '../../model/money';
import { S } from '../reconcile/pricing';
import { tidy } from '../reconcile/reconcile';
import { marginRow, ratio, sharedCostWeights, UNALLOCATED, type MarginLevel, type MarginRow } from '../margin/margin';

export interface ReportingOptions {
  /** ISO 4217 code every amount is converted to. */
  currency: string;
  /** A rate serves rows up to this many days after its date (default 7). */
  maxAgeDays?: number;
}

/** A margin row in the reporting currency (`currency`), with the native currencies it combines and the rates used. */
export interface ReportingMarginRow extends MarginRow {
  /** Native currencies combined in the row, space-separated ('JPY USD'). */
  native_currencies: string;
  /** The rate used, when the row's converted part used one rate; '' otherwise (see the conversions). */
  fx_rate: string;
  /** Rate date, or 'first..last' when the row used rates of several dates; '' when nothing was converted. */
  fx_date: string;
}

/** One native currency × row date converted: the rate applied, its date and legs, and the amounts. */
export interface FxConversionRow {
  date: string;
  currency: string;
  reporting_currency: string;
  /** The exact factor to 18 decimals (exact for a direct rate; a cross rate's quotient rounded). */
  fx_rate: string;
  fx_date: string;
  /** The rates behind it, with file#row: 'EUR→JPY 162.42 @2024-03-01 (eurofxref-hist.csv#20)'. */
  fx_legs: string;
  revenue: string;
  cost: string;
  /** Converted and rounded once to the reporting currency's minor units. */
  revenue_converted: string;
  cost_converted: string;
}

export interface ReportingMargin {
  currency: string;
  maxAgeDays: number;
  rows: ReportingMarginRow[];
  /** The all-currency total (the 'currency' level row). */
  total: ReportingMarginRow | null;
  conversions: FxConversionRow[];
  /** The rate files and the span of rate dates used. */
  rates: { files: string[]; first: string; last: string; used: number };
}

/** Every loaded FX rate (fx_rates), as exact decimals. */
export async function loadFxRates(engine: Engine): Promise<FxRates> {
  await ensureCanonicalTables(engine);
  const rows = await engine.query(
    `SELECT CAST(date AS VARCHAR) AS d, from_currency AS f, to_currency AS t, CAST(rate AS VARCHAR) AS r, source_file AS file, source_row AS row FROM fx_rates`,
  );
  return new FxRates(
    rows.map((r) => ({
      date: String(r.d),
      from: String(r.f),
      to: String(r.t),
      rate: parseDecimal(String(r.r), RATE_SCALE),
      source: `${r.file}#${r.row}`,
    })),
  );
}

interface Acc {
  rev: Rational;
  cost: Rational;
  bq: bigint;
  mq: bigint;
  currencies: Set<string>;
  rates: Map<string, AppliedRate>;
}

const LEVEL_KEYS: [MarginLevel, (sku: string, cust: string, period: string) => [string, string, string]][] = [
  ['sku', (s) => [s, '', '']],
  ['customer', (_s, c) => ['', c, '']],
  ['sku_customer', (s, c) => [s, c, '']],
  ['sku_period', (s, _c, p) => [s, '', p]],
  ['currency', () => ['', '', '']],
  ['period', (_s, _c, p) => ['', '', p]],
];
const SEP = '\u0000';
const d18 = (v: unknown) => parseDecimal(v == null ? '0' : String(v), S);
const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
const rateKey = (a: AppliedRate) => `${a.from}>${a.to}@${a.rateDate}:${a.factor.num}/${a.factor.den}`;

export async function reportingMargin(engine: Engine, cfg: BillingConfig, opts: ReportingOptions): Promise<ReportingMargin> {
  const cur = opts.currency.trim().toUpperCase();
  if (!isKnownCurrency(cur))
    throw new UserError(`reporting currency "${opts.currency}": expected an ISO 4217 code such as USD, EUR, JPY`, { expected: 'an ISO 4217 code' });
  const maxAgeDays = opts.maxAgeDays ?? DEFAULT_FX_MAX_AGE_DAYS;
  const fx = await loadFxRates(engine);
  const cache = new Map<string, AppliedRate>();
  const rateFor = (currency: string, day: string): AppliedRate => {
    const k = `${currency}|${day}`;
    let a = cache.get(k);
    if (!a) cache.set(k, (a = fx.rateOn(currency, cur, day, maxAgeDays)));
    return a;
  };

  const groups = new Map<string, Acc>();
  const accOf = (level: MarginLevel, keys: [string, string, string]): Acc => {
    const k = [level, ...keys].join(SEP);
    let a = groups.get(k);
    if (!a) groups.set(k, (a = { rev: ZERO, cost: ZERO, bq: 0n, mq: 0n, currencies: new Set(), rates: new Map() }));
    return a;
  };
  const add = (sku: string, cust: string, period: string, currency: string, rate: AppliedRate | null, rev: Rational, cost: Rational) => {
    for (const [level, keysOf] of LEVEL_KEYS) {
      const a = accOf(level, keysOf(sku, cust, period));
      a.rev = addRational(a.rev, rev);
      a.cost = addRational(a.cost, cost);
      a.currencies.add(currency);
      if (rate && rate.legs.length) a.rates.set(rateKey(rate), rate);
    }
  };
  const conversions = new Map<string, { rate: AppliedRate; rev: bigint; cost: bigint; revC: Rational; costC: Rational }>();
  const record = (rate: AppliedRate, rev: bigint, cost: bigint, revC: Rational, costC: Rational) => {
    if (!rate.legs.length) return;
    const k = `${rate.from}|${rate.date}`;
    const c = conversions.get(k) ?? { rate, rev: 0n, cost: 0n, revC: ZERO, costC: ZERO };
    conversions.set(k, { rate, rev: c.rev + rev, cost: c.cost + cost, revC: addRational(c.revC, revC), costC: addRational(c.costC, costC) });
  };

  // The keys and quantities of every native cell (quantities are not money: they add across currencies).
  const cells = await engine.query(
    `SELECT sku, cust, period, currency, CAST(bq AS VARCHAR) AS bq, CAST(mq AS VARCHAR) AS mq FROM __mg_cells ORDER BY sku, cust, period, currency`,
  );
  for (const c of cells) {
    for (const [level, keysOf] of LEVEL_KEYS) {
      const a = accOf(level, keysOf(String(c.sku), String(c.cust), String(c.period)));
      a.bq += d18(c.bq);
      a.mq += d18(c.mq);
      a.currencies.add(String(c.currency));
    }
  }
  // Revenue and directly allocated cost, per day.
  const dated = await engine.query(
    `SELECT sku, cust, period, currency, coalesce(CAST(day AS VARCHAR), '') AS day, CAST(sum(rev) AS VARCHAR) AS rev, CAST(sum(cost) AS VARCHAR) AS cost
     FROM __mg_dated GROUP BY ALL ORDER BY currency, day, sku, cust, period`,
  );
  for (const r of dated) {
    const [currency, rev, cost] = [String(r.currency), d18(r.rev), d18(r.cost)];
    const rate = rateFor(currency, String(r.day));
    const [revC, costC] = [convertExact(rev, S, rate), convertExact(cost, S, rate)];
    add(String(r.sku), String(r.cust), String(r.period), currency, rate, revC, costC);
    record(rate, rev, cost, revC, costC);
  }
  // Untagged cost split by metered quantity: converted per day first, then split exactly (the split is linear).
  if (cfg.sharedCost === 'proportional') {
    const weightsOf = await sharedCostWeights(engine);
    const shared = await engine.query(
      `SELECT period, currency, coalesce(CAST(day AS VARCHAR), '') AS day, CAST(sum(cost) AS VARCHAR) AS cost FROM __mg_cost WHERE sku = '' GROUP BY ALL ORDER BY period, currency, day`,
    );
    for (const r of shared) {
      const [currency, cost] = [String(r.currency), d18(r.cost)];
      const rate = rateFor(currency, String(r.day));
      const costC = convertExact(cost, S, rate);
      record(rate, 0n, cost, ZERO, costC);
      const w = weightsOf(String(r.period));
      if (!w) {
        add(UNALLOCATED, '', String(r.period), currency, rate, ZERO, costC);
        continue;
      }
      const total = w.weights.reduce((x, y) => x + y, 0n);
      w.skus.forEach((sku, i) => add(sku, '', String(r.period), currency, rate, ZERO, mulRational(costC, { num: w.weights[i], den: total })));
    }
  }

  const rows = [...groups.entries()].map(([k, a]) => {
    const [level, sku, cust, period] = k.split(SEP) as [MarginLevel, string, string, string];
    return reportingRow(level, sku, cust, period, cur, a);
  });
  rows.sort((a, b) => cmp(a.level, b.level) || cmp(a.sku, b.sku) || cmp(a.customer_id, b.customer_id) || cmp(a.period, b.period));
  const exp = currencyExponent(cur);
  const conv = [...conversions.values()]
    .map(({ rate, rev, cost, revC, costC }) => ({
      date: rate.date,
      currency: rate.from,
      reporting_currency: cur,
      fx_rate: tidy(formatRational(rate.factor, RATE_SCALE)),
      fx_date: rate.rateDate,
      fx_legs: rate.legs.map(describeLeg).join('; '),
      revenue: tidy(formatDecimal(rev, S)),
      cost: tidy(formatDecimal(cost, S)),
      revenue_converted: formatDecimal(toCurrencyMinor(revC, cur), exp),
      cost_converted: formatDecimal(toCurrencyMinor(costC, cur), exp),
    }))
    .sort((a, b) => cmp(a.currency, b.currency) || cmp(a.date, b.date));
  const rateDates = [...cache.values()]
    .filter((a) => a.legs.length)
    .flatMap((a) => a.legs.map((l) => l.rate.date))
    .sort();
  const files = [...new Set([...cache.values()].flatMap((a) => a.legs.map((l) => l.rate.source.replace(/#\d+$/, ''))))].sort();
  return {
    currency: cur,
    maxAgeDays,
    rows,
    total: rows.find((r) => r.level === 'currency') ?? null,
    conversions: conv,
    rates: { files, first: rateDates[0] ?? '', last: rateDates[rateDates.length - 1] ?? '', used: new Set(rateDates).size },
  };
}

function reportingRow(level: MarginLevel, sku: string, cust: string, period: string, cur: string, a: Acc): ReportingMarginRow {
  const scale = 10n ** BigInt(S);
  const rates = [...a.rates.values()];
  const dates = rates.map((r) => r.rateDate).sort();
  return {
    ...marginRow(
      { level, sku, customer_id: cust, period, currency: cur },
      { revenue: toCurrencyMinor(a.rev, cur), cost: toCurrencyMinor(a.cost, cur), bq: a.bq, mq: a.mq },
      {
        price: a.bq === 0n ? '' : tidy(ratio(a.rev.num * scale, a.rev.den * a.bq, 10)),
        cost: a.mq === 0n ? '' : tidy(ratio(a.cost.num * scale, a.cost.den * a.mq, 10)),
      },
    ),
    native_currencies: [...a.currencies].sort().join(' '),
    fx_rate: rates.length === 1 ? tidy(formatRational(rates[0].factor, RATE_SCALE)) : '',
    fx_date: dates.length === 0 ? '' : dates[0] === dates[dates.length - 1] ? dates[0] : `${dates[0]}..${dates[dates.length - 1]}`,
  };
}
