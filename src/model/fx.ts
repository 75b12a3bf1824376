/**
 * Dated FX rates and exact conversion. A rate says 1 `from` = `rate` `to` on `date` (decimal,
 * 18 places, never a float). A row dated D converts with the latest rate on or before D, no older
 * than the staleness limit; a pair missing from the file is found through its inverse or through
 * EUR (the ECB publishes every rate against EUR). Conversions are exact rationals: a cross rate
 * is the quotient of two decimals, kept as a fraction, and amounts are rounded once, at the end,
 * to the reporting currency's minor units.
 */
import { UserError } from './errors';
import { currencyExponent, formatDecimal } from './money';

export const RATE_SCALE = 18;
const ONE = 10n ** BigInt(RATE_SCALE);
/** Days a rate stays usable after its date when no newer one exists (a weekend, a holiday). */
export const DEFAULT_FX_MAX_AGE_DAYS = 7;
/** The currency every ECB reference rate is quoted against. */
export const PIVOT = 'EUR';

export interface FxRate {
  /** YYYY-MM-DD */
  date: string;
  from: string;
  to: string;
  /** Unscaled at RATE_SCALE: 1 from = rate / 10^18 to. */
  rate: bigint;
  /** `file#row` of the rate. */
  source: string;
}

/** num / den, den > 0. */
export interface Rational {
  num: bigint;
  den: bigint;
}

/** One leg of an applied rate: a rate from the file, used as given or inverted. */
export interface FxLeg {
  rate: FxRate;
  inverted: boolean;
}

/** The rate a row of `date` converts with: exact factor, the rate date(s) and where they came from. */
export interface AppliedRate {
  from: string;
  to: string;
  /** The row date asked for. */
  date: string;
  /** The oldest leg's date (the rate date recorded on the row). */
  rateDate: string;
  factor: Rational;
  legs: FxLeg[];
}

const abs = (x: bigint) => (x < 0n ? -x : x);
function gcd(a: bigint, b: bigint): bigint {
  a = abs(a);
  b = abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}
function reduce(num: bigint, den: bigint): Rational {
  if (den < 0n) [num, den] = [-num, -den];
  const g = gcd(num, den) || 1n;
  return { num: num / g, den: den / g };
}
export const ZERO: Rational = { num: 0n, den: 1n };
export function addRational(a: Rational, b: Rational): Rational {
  if (a.den === b.den) return reduce(a.num + b.num, a.den);
  return reduce(a.num * b.den + b.num * a.den, a.den * b.den);
}
export function mulRational(a: Rational, b: Rational): Rational {
  return reduce(a.num * b.num, a.den * b.den);
}
/** An unscaled decimal (value / 10^scale) as a rational. */
export function decimalRational(unscaled: bigint, scale: number): Rational {
  return reduce(unscaled, 10n ** BigInt(scale));
}
/** Rounds num/den to `places` decimals, half away from zero: the unscaled result. */
export function roundRational(r: Rational, places: number): bigint {
  const scaled = abs(r.num) * 10n ** BigInt(places);
  let q = scaled / r.den;
  if ((scaled % r.den) * 2n >= r.den) q += 1n;
  return r.num < 0n ? -q : q;
}
/** The rational as a decimal string at `places` decimals (rounded half away from zero when it does not terminate there). */
export function formatRational(r: Rational, places: number): string {
  return formatDecimal(roundRational(r, places), places);
}
/** An exact amount in `currency`, rounded once to its minor units. */
export function toCurrencyMinor(r: Rational, currency: string): bigint {
  return roundRational(r, currencyExponent(currency));
}

const DAY_MS = 86_400_000;
const dayNumber = (d: string) => Date.parse(`${d}T00:00:00Z`) / DAY_MS;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** "EUR→JPY 162.42 @2024-03-01 (rates.csv#3)", inverted legs as "1/(...)". */
export function describeLeg(l: FxLeg): string {
  const r = l.rate;
  const text = `${r.from}→${r.to} ${tidyRate(r.rate)} @${r.date} (${r.source})`;
  return l.inverted ? `1/(${text})` : text;
}
function tidyRate(unscaled: bigint): string {
  const s = formatDecimal(unscaled, RATE_SCALE);
  return s.replace(/0+$/, '').replace(/\.$/, '');
}

/** The loaded rates, indexed by pair, with the lookups conversion needs. */
export class FxRates {
  private readonly byPair = new Map<string, FxRate[]>();
  readonly count: number;
  readonly files: string[];

  constructor(rates: readonly FxRate[]) {
    for (const r of rates) {
      const key = `${r.from}>${r.to}`;
      const list = this.byPair.get(key) ?? [];
      list.push(r);
      this.byPair.set(key, list);
    }
    for (const list of this.byPair.values()) {
      list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
      for (let i = 1; i < list.length; i++) {
        const [a, b] = [list[i - 1], list[i]];
        if (a.date === b.date && a.rate !== b.rate) {
          throw new UserError(
            `${b.source.replace(/#\d+$/, '')}: row ${b.source.split('#').pop()}, column rate: expected one ${b.from}→${b.to} rate for ${b.date}, but ${a.source} says ${tidyRate(a.rate)} and ${b.source} says ${tidyRate(b.rate)}`,
            { expected: 'one rate per pair and date' },
          );
        }
      }
    }
    this.count = rates.length;
    this.files = [...new Set(rates.map((r) => r.source.replace(/#\d+$/, '')))].sort();
  }

  get empty(): boolean {
    return this.count === 0;
  }

  /** Currencies the rates can reach (either side of any pair). */
  currencies(): string[] {
    const s = new Set<string>();
    for (const list of this.byPair.values()) for (const r of list) s.add(r.from).add(r.to);
    return [...s].sort();
  }

  /** The latest rate from -> to on or before `date` (no age limit), or null. */
  private latest(from: string, to: string, date: string): FxRate | null {
    const list = this.byPair.get(`${from}>${to}`);
    if (!list) return null;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].date <= date) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 ? list[lo - 1] : null;
  }

  /** The direct or inverted rate for a pair (the more recent one), or null. */
  private leg(from: string, to: string, date: string): FxLeg | null {
    const direct = this.latest(from, to, date);
    const inverse = this.latest(to, from, date);
    if (direct && (!inverse || direct.date >= inverse.date)) return { rate: direct, inverted: false };
    return inverse ? { rate: inverse, inverted: true } : null;
  }

  /**
   * The rate a row of `date` in `from` converts to `to` with. Throws a one-line UserError naming
   * the currency and date when no rate on or before the date is within `maxAgeDays`.
   */
  rateOn(from: string, to: string, date: string, maxAgeDays = DEFAULT_FX_MAX_AGE_DAYS): AppliedRate {
    if (from === to) return { from, to, date, rateDate: date, factor: { num: 1n, den: 1n }, legs: [] };
    if (!DATE_RE.test(date))
      throw new UserError(
        `missing FX rate: cannot convert ${from} to ${to} for a row without a date (got ${JSON.stringify(date)}); expected a dated row (YYYY-MM-DD)`,
      );
    const fresh = (l: FxLeg | null) => l !== null && dayNumber(date) - dayNumber(l.rate.date) <= maxAgeDays;
    const direct = this.leg(from, to, date);
    let legs: FxLeg[] | null = fresh(direct) ? [direct!] : null;
    let stale = direct;
    if (!legs && from !== PIVOT && to !== PIVOT) {
      const a = this.leg(from, PIVOT, date);
      const b = this.leg(PIVOT, to, date);
      if (fresh(a) && fresh(b)) legs = [a!, b!];
      else if (!stale && a && b) stale = a.rate.date <= b.rate.date ? a : b;
    }
    if (!legs) throw this.missing(from, to, date, maxAgeDays, stale);
    let factor: Rational = { num: 1n, den: 1n };
    for (const l of legs) factor = mulRational(factor, l.inverted ? reduce(ONE, l.rate.rate) : reduce(l.rate.rate, ONE));
    const rateDate = legs.map((l) => l.rate.date).sort()[0];
    return { from, to, date, rateDate, factor, legs };
  }

  private missing(from: string, to: string, date: string, maxAgeDays: number, stale: FxLeg | null): UserError {
    const where = this.files.length ? ` in ${this.files.join(', ')}` : ' (no FX rates are loaded)';
    const age = stale ? dayNumber(date) - dayNumber(stale.rate.date) : 0;
    const why = stale
      ? `the latest is ${stale.rate.date} (${age} days old; the limit is ${maxAgeDays} days)`
      : `no ${from}→${to} rate${from !== PIVOT && to !== PIVOT ? ` (direct, inverse or via ${PIVOT})` : ''} on or before that date${where}`;
    return new UserError(
      `missing FX rate: cannot convert ${from} to ${to} for ${date}: ${why}; expected a rate dated ${date} or up to ${maxAgeDays} days before`,
      {
        expected: `a ${from}→${to} rate for ${date}`,
      },
    );
  }
}

/** Converts an exact amount (unscaled at `scale`) with an applied rate: exact, not rounded. */
export function convertExact(unscaled: bigint, scale: number, rate: AppliedRate): Rational {
  return mulRational(decimalRational(unscaled, scale), rate.factor);
}
