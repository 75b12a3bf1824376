/**
 * Generalized ESD (Rosner 1983): critical values λ_i and the test itself. With `robust` the
 * statistic uses the median and MAD of the remaining points (the Hochenbaum et al. variant).
 */
import { studentTQuantile } from './student-t';
import { MAD_TO_SIGMA, selectMedian, sortedMedian } from './robust';

const cache = new Map<string, number>();

/**
 * λ_i for the i-th (1-based) most extreme point of n at significance alpha:
 * λ_i = (n−i)·t_{p,n−i−1} / sqrt((n−i−1+t²)(n−i+1)), p = 1 − alpha/(2(n−i+1)).
 */
export function esdCriticalValue(n: number, i: number, alpha = 0.05): number {
  const key = `${n}|${i}|${alpha}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const df = n - i - 1;
  if (df < 1) return Infinity;
  const p = 1 - alpha / (2 * (n - i + 1));
  const t = studentTQuantile(p, df);
  const lambda = ((n - i) * t) / Math.sqrt((df + t * t) * (n - i + 1));
  if (cache.size > 100_000) cache.clear();
  cache.set(key, lambda);
  return lambda;
}

export interface EsdResult {
  /** Indexes (into the input) of the points declared outliers, most extreme first. */
  outliers: number[];
  /** R_i for each of the `maxOutliers` steps and its λ_i. */
  steps: { index: number; r: number; lambda: number }[];
}

/**
 * Generalized ESD on `values` with at most `maxOutliers` outliers. Two-sided unless `side`
 * says otherwise. `robust` centres on the median and scales by the MAD (×1.4826).
 */
export function generalizedEsd(
  values: ArrayLike<number>,
  maxOutliers: number,
  opts: { alpha?: number; robust?: boolean; side?: 'both' | 'upper' | 'lower' } = {},
): EsdResult {
  const alpha = opts.alpha ?? 0.05;
  const robust = opts.robust ?? true;
  const side = opts.side ?? 'both';
  const n = values.length;
  const k = Math.min(maxOutliers, n - 2);
  const alive = new Uint8Array(n).fill(1);
  const steps: EsdResult['steps'] = [];
  let lastSignificant = 0;
  // Sorted copy of the remaining values, kept sorted by deleting removed points.
  const sortedVals: number[] = Array.from(Float64Array.from(values as ArrayLike<number>).sort());
  const work = new Float64Array(n);
  for (let step = 1; step <= k; step++) {
    const m = n - step + 1; // points remaining
    let center: number;
    let scale: number;
    if (robust) {
      center = sortedMedian(sortedVals);
      let w = 0;
      for (let i = 0; i < n; i++) if (alive[i]) work[w++] = Math.abs(values[i] - center);
      scale = selectMedian(work, w) * MAD_TO_SIGMA;
    } else {
      let s = 0;
      for (let i = 0; i < n; i++) if (alive[i]) s += values[i];
      center = s / m;
      let v = 0;
      for (let i = 0; i < n; i++) if (alive[i]) v += (values[i] - center) ** 2;
      scale = Math.sqrt(v / (m - 1));
    }
    if (!(scale > 0)) break;
    let best = -1;
    let bestR = -Infinity;
    for (let i = 0; i < n; i++) {
      if (!alive[i]) continue;
      const d = values[i] - center;
      const r = side === 'upper' ? d : side === 'lower' ? -d : Math.abs(d);
      if (r > bestR) {
        bestR = r;
        best = i;
      }
    }
    if (best < 0) break;
    const r = bestR / scale;
    const lambda = esdCriticalValue(n, step, alpha);
    steps.push({ index: best, r, lambda });
    if (r > lambda) lastSignificant = step;
    alive[best] = 0;
    sortedVals.splice(binarySearch(sortedVals, values[best]), 1);
  }
  return { outliers: steps.slice(0, lastSignificant).map((s) => s.index), steps };
}

function binarySearch(a: number[], x: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
