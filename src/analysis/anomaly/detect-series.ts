/**
 * The batch detector for one series (cost, usage, billed amount). Finds the period, decomposes
 * the series robustly, and runs three baselines side by side: Seasonal Hybrid ESD on the
 * residual, the same-phase robust z, and the Holt-Winters band with its CUSUM level-shift test.
 * Returns, per point, what the UI charts: value, expected, band, score and the verdict.
 */
import { detectPeriod, medianStepMs } from '../stats/periodicity';
import { decompose, isDaily, monthEdgeEffect, robustSigma } from './seasonal';
import { DEFAULT_SHESD, seasonalHybridEsd, type ShesdParams } from './shesd';
import { DEFAULT_ROBUST_Z, robustZScores, type RobustZParams } from './robust-z';
import { DEFAULT_HOLT_WINTERS, errorCorrelation, holtWinters, type HoltWintersParams } from './holt-winters';

export type DetectorMethod = 'seasonal-esd' | 'robust-z' | 'holt-winters' | 'level-shift';

export interface SeriesPoint {
  ts: number;
  value: number;
  expected: number;
  bandLow: number;
  bandHigh: number;
  /** Strength relative to the firing threshold: ≥ 1 means anomalous. */
  score: number;
  isAnomaly: boolean;
  method: DetectorMethod | null;
  /** True when an analyst label kept this point out of the baselines. */
  excluded: boolean;
}

export interface SeriesAnalysis {
  period: number;
  periodSource: string;
  stepMs: number;
  /** Robust σ of the residual, the width unit of the band (a ratio on the log scale). */
  sigma: number;
  scale: 'log' | 'linear';
  points: SeriesPoint[];
}

export interface DetectOptions {
  /** Force a season length in points (0 = none); found from the data when absent. */
  period?: number;
  shesd?: Partial<ShesdParams>;
  robustZ?: Partial<RobustZParams>;
  holtWinters?: Partial<HoltWintersParams>;
  /** Which baselines may fire (all by default). */
  methods?: DetectorMethod[];
  /** Band half-width for the chart, in residual σ. */
  bandSigmas?: number;
  /** Points an analyst labelled (true anomaly / planned): kept out of every baseline. */
  exclude?: ArrayLike<boolean>;
  /** Scale floor for the band as a share of the expected value. */
  relativeFloor?: number;
  /**
   * 'log' analyses log(value): cost and usage grow and vary multiplicatively (a weekend at half
   * the weekday level stays half as the bill doubles). 'auto' (default) uses log when every
   * value is positive.
   */
  transform?: 'auto' | 'log' | 'none';
}

const ALL: DetectorMethod[] = ['seasonal-esd', 'robust-z', 'holt-winters', 'level-shift'];

export function analyzeSeries(timestampsMs: ArrayLike<number>, rawValues: ArrayLike<number>, opts: DetectOptions = {}): SeriesAnalysis {
  const n = rawValues.length;
  const methods = new Set(opts.methods ?? ALL);
  const exclude = opts.exclude;
  // Baseline input: excluded points become gaps (NaN) for the past-only baselines and are
  // filled from their neighbours for the decomposition.
  let positive = true;
  for (let i = 0; i < n; i++) if (Number.isFinite(rawValues[i]) && !(rawValues[i] > 0)) positive = false;
  const useLog = opts.transform === 'log' ? positive : opts.transform === 'none' ? false : positive;
  const fwd = (v: number) => (useLog ? Math.log(v) : v);
  const back = (v: number) => (useLog ? Math.exp(v) : v);
  const rawGap = new Float64Array(n);
  for (let i = 0; i < n; i++) rawGap[i] = exclude?.[i] || !Number.isFinite(rawValues[i]) ? NaN : rawValues[i];
  const gappy = new Float64Array(n);
  for (let i = 0; i < n; i++) gappy[i] = fwd(rawGap[i]);
  const filled = fillGaps(gappy);
  const stepMs = medianStepMs(timestampsMs);
  const per =
    opts.period !== undefined
      ? { period: opts.period, source: 'given' }
      : (() => {
          const d = detectPeriod(filled, timestampsMs);
          return { period: d.period, source: d.source };
        })();
  const period = per.period;
  // Month-start/-end charges (fees, invoices) are fixed amounts, so they are estimated in the
  // series' own units from a first pass and taken out before everything else.
  const fee = new Float64Array(n);
  const dec = decompose(filled, period, timestampsMs, stepMs, false);
  if (isDaily(stepMs)) {
    const r = new Float64Array(n);
    for (let i = 0; i < n; i++) r[i] = back(filled[i]) - back(dec.trend[i] + dec.seasonal[i]);
    monthEdgeEffect(r, timestampsMs, fee);
    if (fee.some((v) => v !== 0)) {
      for (let i = 0; i < n; i++) {
        if (fee[i] === 0 || rawGap[i] !== rawGap[i]) continue;
        const base = back(dec.trend[i] + dec.seasonal[i]);
        gappy[i] = fwd(useLog ? Math.max(rawGap[i] - fee[i], 0.05 * base) : rawGap[i] - fee[i]);
      }
      // Trend and season are medians, which a dozen month-edge days barely move: only the
      // residual of those days needs redoing, not the whole decomposition.
      for (let i = 0; i < n; i++) if (fee[i] !== 0) dec.residual[i] = (gappy[i] === gappy[i] ? gappy[i] : filled[i]) - dec.trend[i] - dec.seasonal[i];
      dec.sigma = robustSigma(dec.residual);
    }
  }
  const esd = methods.has('seasonal-esd') ? seasonalHybridEsd(dec, { ...DEFAULT_SHESD, ...opts.shesd }) : null;
  const rzp = { ...DEFAULT_ROBUST_Z, ...opts.robustZ };
  const relFloor = opts.relativeFloor ?? rzp.relativeFloor;
  const adjusted = gappy;
  const hwp = { ...DEFAULT_HOLT_WINTERS, ...opts.holtWinters };
  // The forecast band never claims less noise than the series' residual shows (its EWMA σ can
  // dip by chance, and one-step errors are never smaller than two-sided residuals).
  const hwUse = useLog
    ? { ...hwp, relativeFloor: 0, absoluteFloor: Math.max(hwp.absoluteFloor, hwp.relativeFloor, dec.sigma) }
    : { ...hwp, absoluteFloor: Math.max(hwp.absoluteFloor, dec.sigma) };
  const hw0 = methods.has('holt-winters') || methods.has('level-shift') ? holtWinters(adjusted, period, hwUse) : null;
  // A shift found on correlated errors is tested again with the CUSUM widened for that
  // correlation (estimated away from the shifts; most series raise no shift and skip this;
  // below ρ = 0.1 the CUSUM would widen by under 11%, not worth a second pass).
  const rho = hw0 && methods.has('level-shift') && hwp.errorCorrelation === 0 && hw0.shift.some((s) => s >= 1) ? errorCorrelation(hw0) : 0;
  const hw = hw0 && rho > 0.1 ? holtWinters(adjusted, period, { ...hwUse, errorCorrelation: rho }) : hw0;
  // The robust z only matters where the forecast band is at least stretched (the pair fires
  // on the weaker of the two): skipping the quiet points saves most of its cost.
  const need = new Uint8Array(n);
  const bandConfirms = hw !== null && methods.has('holt-winters');
  for (let i = 0; i < n; i++) need[i] = !bandConfirms || !(hw.forecast[i] === hw.forecast[i]) || Math.abs(hw.z[i]) >= 0.3 * hwp.bandSigmas ? 1 : 0;
  // On the log scale a relative floor is an absolute one (0.05 ≈ 5%).
  const rz = methods.has('robust-z')
    ? robustZScores(adjusted, period, useLog ? { ...rzp, relativeFloor: 0 } : rzp, useLog ? Math.max(dec.sigma, relFloor) : dec.sigma, need)
    : null;
  const bandSigmas = opts.bandSigmas ?? 3.5;
  // In a level shift the onset..confirmation points are judged against the pre-shift forecast.
  const shiftScore = new Float64Array(n);
  if (hw && methods.has('level-shift')) {
    for (let i = 0; i < n; i++) {
      if (hw.shift[i] < 1) continue;
      for (let j = i; j <= hw.confirmedAt[i]; j++) shiftScore[j] = Math.max(shiftScore[j], hw.shift[i]);
    }
  }
  const hwBand = methods.has('holt-winters');
  const points: SeriesPoint[] = new Array(n);
  for (let i = 0; i < n; i++) {
    // Each candidate: score relative to its threshold, its centre and band half-width.
    let fit = dec.trend[i] + dec.seasonal[i];
    let half = bandSigmas * Math.max(dec.sigma, relFloor * (useLog ? 1 : Math.abs(fit)));
    // Candidates in turn; the strongest sets the score, and once it fires, the centre and band.
    // (Plain code, no closure: this loop runs for every point of every series.)
    let score = 0;
    let method: DetectorMethod | null = null;
    // ESD controls its false alarms over the whole series and the CUSUM needs a run of
    // displaced points, so each may fire alone. The robust z and the forecast band are
    // per-point tests (365 chances a year to cross 3.5σ by luck), so a point needs both
    // past-only baselines to agree: the pair scores the weaker of the two.
    if (esd && esd[i] > 0) {
      score = esd[i];
      method = 'seasonal-esd';
    }
    if (hw && shiftScore[i] > score) {
      score = shiftScore[i];
      method = 'level-shift';
      if (score >= 1) {
        fit = hw.forecast[i];
        half = hwp.bandSigmas * hw.sigma[i];
      }
    }
    const rzOk = rz !== null && rz.z[i] === rz.z[i];
    const hwOk = hw !== null && hwBand && hw.forecast[i] === hw.forecast[i];
    const rzS = rzOk ? Math.abs(rz.z[i]) / rzp.threshold : 0;
    const hwS = hwOk ? Math.abs(hw.z[i]) / hwp.bandSigmas : 0;
    // Unscored robust z (quiet band): the pair is bounded by the band's score, below 0.3.
    const pair = rz && !need[i] ? hwS : rzOk && hwOk ? Math.min(rzS, hwS) : rz ? rzS : hwS;
    if (pair > score) {
      score = pair;
      const useRz = rzS >= hwS && rzOk;
      method = useRz ? 'robust-z' : 'holt-winters';
      if (score >= 1) {
        fit = useRz ? rz.median[i] : hw!.forecast[i];
        half = useRz ? rzp.threshold * rz.scale[i] : hwp.bandSigmas * hw!.sigma[i];
      }
    }
    points[i] = {
      ts: timestampsMs[i],
      value: rawValues[i],
      expected: back(fit) + fee[i],
      bandLow: back(fit - half) + fee[i],
      bandHigh: back(fit + half) + fee[i],
      score,
      isAnomaly: false,
      method,
      excluded: false,
    };
  }
  for (let i = 0; i < n; i++) {
    const p = points[i];
    if (exclude?.[i]) {
      p.excluded = true;
      p.score = 0;
      p.method = null;
    }
    if (!Number.isFinite(p.value)) p.score = 0;
    p.isAnomaly = p.score >= 1;
    if (!p.isAnomaly && p.score < 1) p.method = p.score > 0 ? p.method : null;
  }
  return { period, periodSource: per.source, stepMs, sigma: dec.sigma, scale: useLog ? 'log' : 'linear', points };
}

/** Linear interpolation over NaN gaps (ends take the nearest value). */
function fillGaps(values: Float64Array): Float64Array {
  const n = values.length;
  const out = Float64Array.from(values);
  let last = -1;
  for (let i = 0; i < n; i++) {
    if (out[i] === out[i]) {
      if (last >= 0 && i - last > 1) for (let j = last + 1; j < i; j++) out[j] = out[last] + ((out[i] - out[last]) * (j - last)) / (i - last);
      else if (last < 0) for (let j = 0; j < i; j++) out[j] = out[i];
      last = i;
    }
  }
  if (last < 0) out.fill(0);
  else for (let j = last + 1; j < n; j++) out[j] = out[last];
  return out;
}
