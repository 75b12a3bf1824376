/** Autocorrelation and period detection from timestamp spacing plus the ACF. */
import { MAD_TO_SIGMA, median, medianInPlace } from './robust';

/**
 * Sample autocorrelation at lag k (biased estimator, as in most textbooks and R's acf()).
 * Kept: simple-statistics has no autocorrelation (sampleCorrelation re-centres each lagged half).
 */
export function autocorrelation(values: ArrayLike<number>, lag: number): number {
  const n = values.length;
  if (lag >= n || lag < 0) return NaN;
  let mean = 0;
  let cnt = 0;
  for (let i = 0; i < n; i++)
    if (Number.isFinite(values[i])) {
      mean += values[i];
      cnt++;
    }
  mean /= cnt || 1;
  let den = 0;
  for (let i = 0; i < n; i++) if (Number.isFinite(values[i])) den += (values[i] - mean) ** 2;
  if (den === 0) return 0;
  let num = 0;
  for (let i = 0; i + lag < n; i++) {
    const a = values[i];
    const b = values[i + lag];
    if (Number.isFinite(a) && Number.isFinite(b)) num += (a - mean) * (b - mean);
  }
  return num / den;
}

/** ACF for lags 0..maxLag. */
export function acf(values: ArrayLike<number>, maxLag: number): Float64Array {
  const out = new Float64Array(maxLag + 1);
  for (let k = 0; k <= maxLag; k++) out[k] = autocorrelation(values, k);
  return out;
}

/** Median spacing between consecutive timestamps, in milliseconds (0 when fewer than 2). */
export function medianStepMs(timestampsMs: ArrayLike<number>): number {
  if (timestampsMs.length < 2) return 0;
  const d = new Float64Array(timestampsMs.length - 1);
  let even = true;
  for (let i = 1; i < timestampsMs.length; i++) {
    d[i - 1] = timestampsMs[i] - timestampsMs[i - 1];
    if (d[i - 1] !== d[0]) even = false;
  }
  // Evenly spaced (the usual case): the median is that spacing, no selection needed.
  return even ? d[0] : median(d);
}

export interface PeriodResult {
  /** Season length in points (0 = no seasonality found). */
  period: number;
  /** ACF at that lag. */
  strength: number;
  /** 'day' | 'week' | 'acf' | 'none': where the period came from. */
  source: string;
  stepMs: number;
}

const DAY = 86_400_000;

/**
 * Picks the season length: calendar candidates implied by the spacing (a day of hourly points,
 * a week of daily points) are tried first and kept when the ACF at that lag is clearly positive;
 * otherwise the highest local ACF peak in [2, n/3] is used if it passes `minStrength`. Needs at
 * least `minCycles` full cycles.
 */
export function detectPeriod(
  values: ArrayLike<number>,
  timestampsMs?: ArrayLike<number>,
  opts: { minStrength?: number; minCycles?: number; maxPeriod?: number } = {},
): PeriodResult {
  const n = values.length;
  const minStrength = opts.minStrength ?? 0.3;
  const minCycles = opts.minCycles ?? 2;
  const calendarStrength = Math.min(minStrength, 0.2);
  const stepMs = timestampsMs ? medianStepMs(timestampsMs) : 0;
  const detrended = winsorize(differenceFromRollingMean(winsorize(Float64Array.from(values as ArrayLike<number>))));
  let best: PeriodResult = { period: 0, strength: 0, source: 'none', stepMs };
  if (stepMs > 0) {
    for (const [span, source] of [
      [7 * DAY, 'week'],
      [DAY, 'day'],
    ] as const) {
      const p = Math.round(span / stepMs);
      if (p < 2 || Math.abs(p * stepMs - span) > 0.01 * span || p * minCycles > n) continue;
      const r = autocorrelation(detrended, p);
      // A calendar season needs less evidence than an arbitrary ACF peak, but must be a peak.
      const peak = r > autocorrelation(detrended, p - 1) && r > autocorrelation(detrended, p + 1);
      if (r >= calendarStrength && peak && r > best.strength) best = { period: p, strength: r, source, stepMs };
    }
    if (best.period) return best;
    // Calendar spacing (hourly, daily) has calendar seasons only: a month is not a fixed number
    // of points, so month-edge charges must not pose as a 30-/61-point period.
    if ([DAY, DAY / 24].some((u) => Math.abs(stepMs - u) < u * 0.01)) return best;
  }
  const maxLag = Math.min(opts.maxPeriod ?? 1000, Math.floor(n / minCycles));
  if (maxLag < 3) return best;
  const r = acf(detrended, maxLag);
  for (let k = 2; k < maxLag; k++) {
    if (r[k] > r[k - 1] && r[k] >= r[k + 1] && r[k] >= minStrength && r[k] > best.strength) {
      best = { period: k, strength: r[k], source: 'acf', stepMs };
    }
  }
  return best;
}

/** Clips values to median ± 4 robust σ so a few spikes or monthly charges cannot hide a season. */
function winsorize(values: Float64Array): Float64Array {
  const n = values.length;
  const work = new Float64Array(n);
  let c = 0;
  for (let i = 0; i < n; i++) if (Number.isFinite(values[i])) work[c++] = values[i];
  if (c < 4) return values;
  const finite = work.subarray(0, c);
  const m = medianInPlace(finite);
  // The MAD as the median of |x − m| in place: medianAbsoluteDeviation would take the median again.
  for (let i = 0; i < c; i++) finite[i] = Math.abs(finite[i] - m);
  const s = medianInPlace(finite) * MAD_TO_SIGMA;
  if (!(s > 0)) return values;
  const lo = m - 4 * s;
  const hi = m + 4 * s;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v > hi) values[i] = hi;
    else if (v < lo) values[i] = lo;
  }
  return values;
}

/**
 * Removes a slow trend (centred moving average over ~n/10) so the ACF sees the season.
 * Kept: simple-statistics has no moving average; prefix sums make it O(n).
 */
function differenceFromRollingMean(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  const half = Math.max(1, Math.floor(n / 20));
  const pre = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) pre[i + 1] = pre[i] + (Number.isFinite(values[i]) ? values[i] : 0);
  for (let i = 0; i < n; i++) {
    const lo = Math.max(0, i - half);
    const hi = Math.min(n, i + half + 1);
    out[i] = values[i] - (pre[hi] - pre[lo]) / (hi - lo);
  }
  return out;
}
