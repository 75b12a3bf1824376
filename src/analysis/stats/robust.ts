/** Order statistics that resist outliers: median, MAD, quantiles, IQR. Plain floats. */

/** Median of the values (copies and sorts; NaN for an empty input). */
export function median(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  const s = Float64Array.from(values as ArrayLike<number>).sort();
  return sortedMedian(s);
}

/** Median of an already ascending-sorted array. */
export function sortedMedian(s: ArrayLike<number>, from = 0, to = s.length): number {
  const n = to - from;
  if (n <= 0) return NaN;
  const m = from + (n >> 1);
  return n % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Median absolute deviation around the median, unscaled (multiply by 1.4826 for a normal σ,
 * or use 0.6745·(x − median)/MAD as the robust z).
 */
export function mad(values: ArrayLike<number>, center = median(values)): number {
  const n = values.length;
  if (n === 0) return NaN;
  const dev = new Float64Array(n);
  for (let i = 0; i < n; i++) dev[i] = Math.abs(values[i] - center);
  dev.sort();
  return sortedMedian(dev);
}

/** Scale factor turning a MAD into a consistent estimate of σ for normal data. */
export const MAD_TO_SIGMA = 1.482602218505602;

/** Quantile with linear interpolation between order statistics (R type 7) on sorted input. */
export function sortedQuantile(s: ArrayLike<number>, p: number): number {
  const n = s.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return s[lo] + (h - lo) * (s[hi] - s[lo]);
}

export function quantile(values: ArrayLike<number>, p: number): number {
  return sortedQuantile(Float64Array.from(values as ArrayLike<number>).sort(), p);
}

/** Interquartile range (type-7 quartiles). */
export function iqr(values: ArrayLike<number>): number {
  const s = Float64Array.from(values as ArrayLike<number>).sort();
  return sortedQuantile(s, 0.75) - sortedQuantile(s, 0.25);
}

/** Robust z-score 0.6745·(x − median)/MAD (Iglewicz & Hoaglin); `scale` is the MAD. */
export function robustZ(x: number, center: number, madValue: number): number {
  return (0.6745 * (x - center)) / madValue;
}

/** k-th smallest (0-based) of a[0..n) by quickselect; reorders `a`. O(n) on average. */
export function select(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/** Median of a[0..n) by quickselect (reorders `a`). */
export function selectMedian(a: Float64Array, n: number): number {
  if (n === 0) return NaN;
  const hi = select(a, n, n >> 1);
  if (n % 2) return hi;
  // After selection everything left of n/2 is ≤ a[n/2]: the lower middle is their maximum.
  let lo = -Infinity;
  for (let i = 0; i < n >> 1; i++) if (a[i] > lo) lo = a[i];
  return (lo + hi) / 2;
}
