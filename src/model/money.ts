/**
 * Exact money arithmetic on decimal strings and bigints. Never a binary float on a money path:
 * amounts travel as decimal strings (from DuckDB DECIMAL) or integer minor units (bigint).
 */

/** ISO 4217 minor-unit exponents that differ from 2, and the common 2-decimal ones we accept. */
const EXPONENTS: Record<string, number> = {
  BHD: 3,
  CLF: 4,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  UYW: 4,
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
};

const TWO_DECIMAL = new Set(
  (
    'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF ' +
    'CHF CNY COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG ' +
    'HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR ' +
    'MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK ' +
    'SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD UZS VES WST XCD YER ZAR ZMW ZWL'
  ).split(' '),
);

export function isKnownCurrency(code: string): boolean {
  return code in EXPONENTS || TWO_DECIMAL.has(code);
}

/** Minor-unit exponent of a currency (JPY 0, USD 2, KWD 3). Throws on an unknown code. */
export function currencyExponent(code: string): number {
  const c = code.toUpperCase();
  if (c in EXPONENTS) return EXPONENTS[c];
  if (TWO_DECIMAL.has(c)) return 2;
  throw new Error(`Unknown currency code "${code}": expected an ISO 4217 code such as USD, EUR, JPY`);
}

const DECIMAL_RE = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** A decimal string (plain or scientific) -> unscaled bigint at `scale`, exact or throws. */
export function parseDecimal(text: string, scale: number, rounding: 'exact' | 'half-away' = 'exact'): bigint {
  const m = DECIMAL_RE.exec(text.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new Error(`"${text}" is not a decimal number`);
  const sign = m[1] === '-' ? -1n : 1n;
  const digits = (m[2] || '') + (m[3] || '');
  const pointPos = (m[2] || '').length + Number(m[4] ?? 0);
  // Value = digits * 10^(pointPos - digits.length); we want value * 10^scale.
  const shift = pointPos + scale - digits.length;
  if (shift >= 0) return sign * BigInt((digits || '0') + '0'.repeat(shift));
  const keep = digits.length + shift;
  const head = keep > 0 ? digits.slice(0, keep) : '0';
  const tail = keep > 0 ? digits.slice(keep) : digits.padStart(-shift, '0');
  let v = BigInt(head || '0');
  if (/[1-9]/.test(tail)) {
    if (rounding === 'exact') throw new Error(`"${text}" has more than ${scale} decimals`);
    if (tail[0] >= '5') v += 1n;
  }
  return sign * v;
}

/** Unscaled bigint at `scale` -> decimal string with exactly `scale` decimals. */
export function formatDecimal(unscaled: bigint, scale: number): string {
  const neg = unscaled < 0n;
  let s = (neg ? -unscaled : unscaled).toString();
  if (scale > 0) {
    s = s.padStart(scale + 1, '0');
    s = s.slice(0, -scale) + '.' + s.slice(-scale);
  }
  return (neg ? '-' : '') + s;
}

/** Rounds a decimal string once to the currency's minor units (half away from zero). */
export function toMinorUnits(amount: string, currency: string): bigint {
  return parseDecimal(amount, currencyExponent(currency), 'half-away');
}

export function formatMinor(minor: bigint, currency: string): string {
  return formatDecimal(minor, currencyExponent(currency));
}

/** Exact sum of decimal strings, returned at `scale` decimals. */
export function sumDecimals(values: Iterable<string>, scale: number): string {
  let total = 0n;
  for (const v of values) total += parseDecimal(v, scale);
  return formatDecimal(total, scale);
}

/**
 * 100 × numerator / denominator at 2 decimals, rounded once half away from zero (as the queries'
 * exactPercentSql); null when the denominator is zero. Both are exact decimal strings (≤ 18 places).
 */
export function exactPercent(numerator: string, denominator: string): string | null {
  const n = parseDecimal(numerator, 18);
  const d = parseDecimal(denominator, 18);
  if (d === 0n) return null;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const q = (2n * an * 10_000n + ad) / (2n * ad);
  return formatDecimal(n < 0n !== d < 0n ? -q : q, 2);
}

/** Money per currency: never added across currencies. */
export type CurrencyTotals = Record<string, string>;

/** Every ISO 4217 code we accept (for SQL-side validation of currency columns). */
export function knownCurrencies(): string[] {
  return [...Object.keys(EXPONENTS), ...TWO_DECIMAL].sort();
}
