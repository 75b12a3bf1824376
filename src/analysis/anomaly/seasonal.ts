/**
 * Robust additive decomposition: value = trend + seasonal + calendar + residual. The trend is a
 * centred rolling median (spikes do not move it), the seasonal component the per-phase median of
 * the detrended values, and the calendar component a month-start/month-end effect for daily
 * data when it recurs (monthly fees and invoices land there; they are not anomalies).
 */
import { rollingMedian } from './small-median';
import { MAD_TO_SIGMA, medianInPlace, nanMedian } from '../stats/robust';

export interface Decomposition {
  trend: Float64Array;
  seasonal: Float64Array;
  calendar: Float64Array;
  residual: Float64Array;
  /** Robust σ of the residual (MAD × 1.4826). */
  sigma: number;
}

const DAY = 86_400_000;

/** Kept: simple-statistics has no seasonal decomposition (its median does each phase). */
export function decompose(
  values: ArrayLike<number>,
  period: number,
  timestampsMs?: ArrayLike<number>,
  stepMs = 0,
  withCalendar = true,
): Decomposition {
  const n = values.length;
  // A wide window (≥ 4 weeks of daily points) so the median does not chase the noise, which
  // would shrink the residual's MAD and inflate every ESD statistic.
  const trend = rollingMedian(values, Math.max(2 * period, 14), true);
  const seasonal = new Float64Array(n);
  const detr = new Float64Array(n);
  for (let i = 0; i < n; i++) detr[i] = values[i] - trend[i];
  if (period >= 2 && n >= 2 * period) {
    const phase = new Float64Array(period);
    const bucket = new Float64Array(Math.ceil(n / period) + 1);
    for (let p = 0; p < period; p++) {
      let c = 0;
      for (let i = p; i < n; i += period) bucket[c++] = detr[i];
      phase[p] = nanMedian(bucket, 0, c);
    }
    const centre = nanMedian(phase, 0, period);
    for (let i = 0; i < n; i++) seasonal[i] = phase[i % period] - centre;
  }
  const residual = new Float64Array(n);
  for (let i = 0; i < n; i++) residual[i] = detr[i] - seasonal[i];
  const calendar = new Float64Array(n);
  if (withCalendar && timestampsMs && isDaily(stepMs)) monthEdgeEffect(residual, timestampsMs, calendar);
  for (let i = 0; i < n; i++) residual[i] -= calendar[i];
  const sigma = robustSigma(residual);
  return { trend, seasonal, calendar, residual, sigma };
}

/** Median |residual| × 1.4826 (the residual is centred already); 0 when there is none. */
export function robustSigma(residual: ArrayLike<number>): number {
  const n = residual.length;
  const abs = new Float64Array(n);
  let c = 0;
  for (let i = 0; i < n; i++) if (residual[i] === residual[i]) abs[c++] = Math.abs(residual[i]);
  return c === 0 ? 0 : medianInPlace(abs.subarray(0, c)) * MAD_TO_SIGMA;
}

/**
 * Adds to `calendar` the median residual of the first and of the last day of each month when
 * at least three months show it and it stands clear of the noise.
 */
export function isDaily(stepMs: number): boolean {
  return Math.abs(stepMs - DAY) < DAY * 0.01;
}

export function monthEdgeEffect(residual: Float64Array, ts: ArrayLike<number>, calendar: Float64Array): void {
  const sigma = robustSigma(residual);
  const first: number[] = [];
  const last: number[] = [];
  const kind = new Int8Array(residual.length);
  // The day after ts[i] is usually ts[i + 1]: its day of month is reused, not computed twice.
  let nextDay = NaN;
  for (let i = 0; i < residual.length; i++) {
    const day = i > 0 && ts[i] === ts[i - 1] + DAY ? nextDay : dayOfMonth(ts[i]);
    nextDay = dayOfMonth(ts[i] + DAY);
    if (day === 1) {
      kind[i] = 1;
      first.push(residual[i]);
    } else if (nextDay === 1) {
      kind[i] = 2;
      last.push(residual[i]);
    }
  }
  for (const [k, list] of [
    [1, first],
    [2, last],
  ] as const) {
    if (list.length < 3) continue;
    const m = nanMedian(list, 0, list.length);
    // Consistent across months: most months move the same way.
    const same = list.filter((v) => Math.sign(v) === Math.sign(m) && Math.abs(v) > 2 * sigma).length;
    if (!(Math.abs(m) > 3 * sigma && same >= Math.ceil(list.length * 0.6))) continue;
    // Each month takes the median of its own and its two neighbours on either side: charges
    // change over a year (a new plan, a level shift), one odd month does not move the rest.
    let occ = 0;
    for (let i = 0; i < residual.length; i++) {
      if (kind[i] !== k) continue;
      const lo = Math.max(0, Math.min(occ - 2, list.length - 5));
      calendar[i] = nanMedian(list, lo, Math.min(list.length, lo + 5));
      occ++;
    }
  }
}

/** UTC day of month from epoch milliseconds (Hinnant's civil-from-days; no Date allocation). */
export function dayOfMonth(ms: number): number {
  const z = Math.floor(ms / DAY) + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  return doy - Math.floor((153 * mp + 2) / 5) + 1;
}
