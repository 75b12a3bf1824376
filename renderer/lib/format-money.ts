/**
 * Money and decimal display from exact decimal strings (DuckDB DECIMAL arrives as a string):
 * rounded once for display (half away from zero) on bigints, thousands separators, accounting
 * negatives in parentheses. Never goes through a binary float.
 */
import { currencyExponent, formatDecimal, isKnownCurrency, parseDecimal } from '../../src/model/money';

export interface FormattedAmount {
  /** Display text, e.g. "1,234.50" or "(1,234.50)". */
  text: string;
  negative: boolean;
  /** Non-zero value that rounds to zero at this precision (shown as "0.00" but not "nothing"). */
  roundedToZero: boolean;
}

function group(intPart: string): string {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Rounds a decimal string to `decimals` places and formats it (grouping, accounting negatives). */
export function formatDecimalText(value: string, decimals: number, opts: { accounting?: boolean } = {}): FormattedAmount {
  const unscaled = parseDecimal(value, decimals, 'half-away');
  const negative = unscaled < 0n;
  const plain = formatDecimal(negative ? -unscaled : unscaled, decimals);
  const [i, f] = plain.split('.');
  const body = group(i) + (f !== undefined ? '.' + f : '');
  const accounting = opts.accounting ?? true;
  const text = negative ? (accounting ? `(${body})` : `−${body}`) : body;
  return { text, negative, roundedToZero: unscaled === 0n && /[1-9]/.test(value.replace(/[eE].*$/, '')) };
}

/** A value already in percent ("-46.4123") at fixed decimals with its sign and `%`: "−46.41%"; '' (no base) is "—". */
export function formatPercentText(value: string, decimals = 2): FormattedAmount {
  if (value.trim() === '') return { text: '—', negative: false, roundedToZero: false };
  const f = formatDecimalText(value, decimals, { accounting: false });
  return { ...f, text: `${f.text}%` };
}

/** Display decimals for a currency (its minor units; 2 when the code is unknown). */
export function currencyDecimals(currency: string | null | undefined): number {
  return currency && isKnownCurrency(currency.toUpperCase()) ? currencyExponent(currency) : 2;
}

/** An amount in its currency's minor units: "1,234.50" / "(12.00)"; JPY "1,235". */
export function formatMoney(value: string, currency: string | null | undefined): FormattedAmount {
  return formatDecimalText(value, currencyDecimals(currency));
}

/** Integer counts with grouping ("1,000,000"), for numbers, bigints and integer strings. */
export function formatCount(n: number | bigint | string): string {
  const s = typeof n === 'string' ? n : n.toString();
  const neg = s.startsWith('-');
  const [i, f] = (neg ? s.slice(1) : s).split('.');
  return (neg ? '−' : '') + group(i) + (f ? '.' + f : '');
}

/**
 * A percentage from an exact ratio numerator/denominator (decimal strings), one decimal place,
 * half away from zero, computed on bigints. Null when the denominator is zero.
 */
export function formatPercent(numerator: string, denominator: string, decimals = 1): string | null {
  const scale = 18;
  const n = parseDecimal(numerator, scale, 'half-away');
  const d = parseDecimal(denominator, scale, 'half-away');
  if (d === 0n) return null;
  // percent * 10^decimals, rounded half away from zero.
  const factor = 100n * 10n ** BigInt(decimals);
  const num = n * factor;
  const neg = num < 0n !== d < 0n;
  const an = num < 0n ? -num : num;
  const ad = d < 0n ? -d : d;
  let q = an / ad;
  if ((an % ad) * 2n >= ad) q += 1n;
  const body = formatDecimal(q, decimals);
  return (neg && q !== 0n ? '−' : '') + body + '%';
}
