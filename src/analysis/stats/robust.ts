/**
 * Order statistics that resist outliers (median, MAD, type-7 quantiles, IQR) from
 * simple-statistics, with this project's conventions: any numeric array-like (typed arrays
 * included) and NaN for an empty input instead of a throw. Plain floats, finite inputs.
 */
import {
  interquartileRange,
  median as ssMedian,
  medianAbsoluteDeviation,
  quantile as ssQuantile,
  quantileSorted,
  quickselect,
  zScore,
} from 'simple-statistics';

/**
 * simple-statistics reads only `length`, indexes and `slice`, so arrays and typed arrays pass
 * as they are (no copy); anything else is copied once.
 */
export function asNumbers(values: ArrayLike<number>): readonly number[] {
  return Array.isArray(values) || ArrayBuffer.isView(values) ? (values as unknown as readonly number[]) : Array.from(values);
}

/** Median of the values (the input is not reordered; NaN for an empty input). */
export function median(values: ArrayLike<number>): number {
  return values.length === 0 ? NaN : ssMedian(asNumbers(values));
}

/**
 * Median of a scratch buffer the caller owns, reordering it in place: the same value as
 * `median` (simple-statistics' quickselect and its type-7 midpoint) without the copy median
 * makes, and with one selection instead of two for an even count (the upper middle is the
 * least value above the lower one). The batch detector takes a dozen medians per series.
 */
export function medianInPlace(scratch: Float64Array): number {
  const n = scratch.length;
  if (n === 0) return NaN;
  const lower = (n - 1) >> 1;
  quickselect(scratch as unknown as number[], lower, 0, n - 1);
  if (n % 2) return scratch[lower];
  let upper = Infinity;
  for (let i = lower + 1; i < n; i++) if (scratch[i] < upper) upper = scratch[i];
  return scratch[lower] + 0.5 * (upper - scratch[lower]);
}

/**
 * Median absolute deviation around the median, unscaled (multiply by MAD_TO_SIGMA for a
 * normal σ, or use 0.6745·(x − median)/MAD as the robust z).
 */
export function mad(values: ArrayLike<number>): number {
  return values.length === 0 ? NaN : medianAbsoluteDeviation(asNumbers(values));
}

/** Scale factor turning a MAD into a consistent estimate of σ for normal data. */
export const MAD_TO_SIGMA = 1.482602218505602;

/** Quantile with linear interpolation between order statistics (R type 7) on sorted input. */
export function sortedQuantile(s: ArrayLike<number>, p: number): number {
  return s.length === 0 ? NaN : quantileSorted(asNumbers(s), p);
}

/** Type-7 quantile of unsorted values (NaN for an empty input). */
export function quantile(values: ArrayLike<number>, p: number): number {
  return values.length === 0 ? NaN : ssQuantile(asNumbers(values), p);
}

/** Interquartile range (type-7 quartiles). */
export function iqr(values: ArrayLike<number>): number {
  return values.length === 0 ? NaN : interquartileRange(asNumbers(values));
}

/** Robust z-score 0.6745·(x − median)/MAD (Iglewicz & Hoaglin); `madValue` is the MAD. */
export function robustZ(x: number, center: number, madValue: number): number {
  return 0.6745 * zScore(x, center, madValue);
}

let nanScratch = new Float64Array(1024);

/** Median of values[from..to) skipping NaN (numpy's nanmedian); NaN when nothing is left. */
export function nanMedian(values: ArrayLike<number>, from = 0, to = values.length): number {
  if (nanScratch.length < to - from) nanScratch = new Float64Array(to - from);
  let c = 0;
  for (let i = from; i < to; i++) if (values[i] === values[i]) nanScratch[c++] = values[i];
  return c === 0 ? NaN : medianInPlace(nanScratch.subarray(0, c));
}
