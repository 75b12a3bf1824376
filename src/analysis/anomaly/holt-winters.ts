/**
 * Additive Holt-Winters one-step-ahead forecasts with a robust band, plus a two-sided CUSUM on
 * the standardised forecast errors to catch level shifts and trend breaks that single-point
 * tests miss. The state is updated with winsorised errors so a spike does not drag the
 * forecast; after a CUSUM alarm the level is re-anchored (the new level becomes the baseline,
 * the shift is reported once at its onset). Only past points shape each forecast.
 */

export interface HoltWintersParams {
  alpha: number;
  beta: number;
  gamma: number;
  /** Band half-width in σ (σ tracked as an EWMA of |error| × 1.25). */
  bandSigmas: number;
  /** CUSUM slack and decision interval, in σ units. */
  cusumK: number;
  cusumH: number;
  /** σ never below this share of the level (flat series). */
  relativeFloor: number;
  /** σ never below this absolute value (used on log-scaled series, where it is a ratio). */
  absoluteFloor: number;
  /**
   * Lag-1 autocorrelation of the standardised errors (0 = independent). A sum of m errors
   * correlated at ρ varies (1+ρ)/(1−ρ) times as much as m independent ones, so the CUSUM divides
   * each error by that square root: a wandering series (a random walk, a slow oscillation)
   * is not a string of level shifts.
   */
  errorCorrelation: number;
}

export const DEFAULT_HOLT_WINTERS: HoltWintersParams = {
  alpha: 0.15,
  beta: 0.02,
  gamma: 0.15,
  bandSigmas: 5,
  cusumK: 0.75,
  cusumH: 8,
  relativeFloor: 0.03,
  absoluteFloor: 0,
  errorCorrelation: 0,
};

export interface HoltWintersResult {
  forecast: Float64Array;
  sigma: Float64Array;
  /** Standardised error of each point against its forecast (0 during warm-up). */
  z: Float64Array;
  /** Level-shift score at the onset of each detected shift: CUSUM/h (≥ 1 when detected). */
  shift: Float64Array;
  /** Index where each shift was confirmed (−1 elsewhere), keyed by onset. */
  confirmedAt: Int32Array;
}

/** Kept: simple-statistics has no exponential smoothing or CUSUM. */
export function holtWinters(values: ArrayLike<number>, period: number, params: Partial<HoltWintersParams> = {}): HoltWintersResult {
  const p = { ...DEFAULT_HOLT_WINTERS, ...params };
  const n = values.length;
  const m = period >= 2 ? period : 0;
  const forecast = new Float64Array(n).fill(NaN);
  const sigmaOut = new Float64Array(n).fill(NaN);
  const z = new Float64Array(n);
  const shift = new Float64Array(n);
  const confirmedAt = new Int32Array(n).fill(-1);
  const init = Math.max(m * 2, 14);
  if (n <= init + 2) return { forecast, sigma: sigmaOut, z, shift, confirmedAt };
  // Initial level, trend and season from the first two cycles (or first `init` points).
  let level = 0;
  let cnt = 0;
  for (let i = 0; i < init; i++)
    if (Number.isFinite(values[i])) {
      level += values[i];
      cnt++;
    }
  level /= cnt || 1;
  let trend = 0;
  const season = new Float64Array(Math.max(1, m));
  if (m) {
    for (let k = 0; k < m; k++) {
      let s = 0;
      let c = 0;
      for (let i = k; i < init; i += m)
        if (Number.isFinite(values[i])) {
          s += values[i] - level;
          c++;
        }
      season[k] = c ? s / c : 0;
    }
  }
  let dev = 0;
  for (let i = 0; i < init; i++) if (Number.isFinite(values[i])) dev += Math.abs(values[i] - level - (m ? season[i % m] : 0));
  let sigma = Math.max((dev / (cnt || 1)) * 1.25, p.relativeFloor * Math.abs(level), 1e-9);
  let cusUp = 0;
  let cusDown = 0;
  let onsetUp = -1;
  let onsetDown = -1;
  const rho = Math.min(0.95, Math.max(0, p.errorCorrelation));
  const longRun = Math.sqrt((1 + rho) / (1 - rho));
  for (let i = init; i < n; i++) {
    const s = m ? season[i % m] : 0;
    const f = level + trend + s;
    const x = values[i];
    forecast[i] = f;
    const sg = Math.max(sigma, p.relativeFloor * Math.abs(level + trend), p.absoluteFloor, 1e-9);
    sigmaOut[i] = sg;
    if (!Number.isFinite(x)) {
      level += trend;
      continue;
    }
    const err = x - f;
    const e = err / sg;
    z[i] = e;
    // CUSUM on standardised errors.
    // Errors are clipped at ±3σ so one spike, however tall, cannot pass for a level shift:
    // it takes several consecutive displaced points to cross h.
    const ec = Math.max(-3, Math.min(3, e)) / longRun;
    cusUp = Math.max(0, cusUp + ec - p.cusumK);
    cusDown = Math.max(0, cusDown - ec - p.cusumK);
    if (cusUp > 0 && onsetUp < 0) onsetUp = i;
    if (cusUp === 0) onsetUp = -1;
    if (cusDown > 0 && onsetDown < 0) onsetDown = i;
    if (cusDown === 0) onsetDown = -1;
    let reanchor = false;
    if (cusUp > p.cusumH || cusDown > p.cusumH) {
      const up = cusUp > p.cusumH;
      const onset = changePoint(z, up ? onsetUp : onsetDown, i, up ? 1 : -1);
      shift[onset] = Math.max(shift[onset], (up ? cusUp : cusDown) / p.cusumH);
      confirmedAt[onset] = i;
      // Re-anchor the level on the points since the onset.
      let sum = 0;
      let c = 0;
      for (let j = onset; j <= i; j++)
        if (Number.isFinite(values[j])) {
          sum += values[j] - (m ? season[j % m] : 0);
          c++;
        }
      level = sum / c;
      trend = 0;
      cusUp = cusDown = 0;
      onsetUp = onsetDown = -1;
      reanchor = true;
    }
    if (!reanchor) {
      // Huber-style update: errors beyond 2σ move the state as if they were at 2σ, so neither
      // a spike nor the first days of a shift drag the forecast before the CUSUM decides.
      const clip = Math.max(-2, Math.min(2, e)) * sg;
      const xc = f + clip;
      const prevLevel = level;
      level = p.alpha * (xc - s) + (1 - p.alpha) * (level + trend);
      trend = p.beta * (level - prevLevel) + (1 - p.beta) * trend;
      if (m) season[i % m] = p.gamma * (xc - level) + (1 - p.gamma) * s;
      sigma = 0.95 * sigma + 0.05 * Math.min(Math.abs(err), 2 * sg) * 1.25;
    }
  }
  return { forecast, sigma: sigmaOut, z, shift, confirmedAt };
}

/**
 * Lag-1 autocorrelation of the clipped standardised errors, leaving out each detected shift
 * (onset to confirmation), where the errors are displaced on purpose.
 */
export function errorCorrelation(r: HoltWintersResult): number {
  const n = r.z.length;
  const inShift = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (r.confirmedAt[i] >= 0) inShift.fill(1, i, r.confirmedAt[i] + 1);
  let sxy = 0;
  let sxx = 0;
  for (let i = 1; i < n; i++) {
    if (inShift[i] || inShift[i - 1] || !(r.forecast[i - 1] === r.forecast[i - 1])) continue;
    const a = Math.max(-3, Math.min(3, r.z[i - 1]));
    const b = Math.max(-3, Math.min(3, r.z[i]));
    sxy += a * b;
    sxx += a * a;
  }
  return sxx > 0 ? sxy / sxx : 0;
}

/**
 * The likelihood-ratio change point of a mean shift of unknown size within [from, to]: the start
 * j maximising Σ_{j..to} e / √(to − j + 1) over the clipped errors on the shift's side. The
 * CUSUM's last zero (`from`) can fall a few noisy points early; those points would otherwise be
 * reported as part of the shift and dilute it.
 */
function changePoint(z: Float64Array, from: number, to: number, side: 1 | -1): number {
  let best = from;
  let bestStat = -Infinity;
  let sum = 0;
  for (let j = to; j >= from; j--) {
    sum += side * Math.max(-3, Math.min(3, z[j]));
    const stat = sum / Math.sqrt(to - j + 1);
    if (stat >= bestStat) {
      bestStat = stat;
      best = j;
    }
  }
  return best;
}
