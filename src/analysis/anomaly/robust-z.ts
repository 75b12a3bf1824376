/**
 * Robust z-score against the same phase of previous seasons (same weekday for daily data):
 * z = 0.6745·(x − median)/MAD over the last `cycles` same-phase points. When the MAD is 0 the
 * IQR (÷1.349 as a σ) stands in, and the scale never drops below `relativeFloor`·|median| so a
 * tiny or flat series does not alert on cents. Only past points are used.
 */
import { listStatsInto } from './small-median';

export interface RobustZParams {
  threshold: number;
  cycles: number;
  /** Reference length, in points, when there is no season. */
  plainWindow: number;
  relativeFloor: number;
  minReference: number;
}

export const DEFAULT_ROBUST_Z: RobustZParams = { threshold: 3.5, cycles: 8, plainWindow: 28, relativeFloor: 0.05, minReference: 4 };

export interface RobustZResult {
  z: Float64Array;
  median: Float64Array;
  /** σ-equivalent scale used (MAD/0.6745, IQR/1.349 or the floor). */
  scale: Float64Array;
}

/**
 * `pooledSigma` (the series' robust residual σ, when known) bounds the local scale from below:
 * eight same-weekday points can show a tiny MAD by chance, which would make every later point
 * look extreme.
 */
export function robustZScores(
  values: ArrayLike<number>,
  period: number,
  params: Partial<RobustZParams> = {},
  pooledSigma = 0,
  /** When given, only points with need[i] = 1 are scored (the rest stay NaN). */
  need?: Uint8Array,
): RobustZResult {
  const p = { ...DEFAULT_ROBUST_Z, ...params };
  const n = values.length;
  const z = new Float64Array(n).fill(NaN);
  const med = new Float64Array(n).fill(NaN);
  const scale = new Float64Array(n).fill(NaN);
  const step = period >= 2 ? period : 1;
  const count = period >= 2 ? p.cycles : p.plainWindow;
  const ref = new Float64Array(count);
  const st = new Float64Array(4);
  for (let i = 0; i < n; i++) {
    if (need && !need[i]) continue;
    let c = 0;
    for (let j = i - step; j >= 0 && c < count; j -= step) ref[c++] = values[j];
    if (c < p.minReference) continue;
    listStatsInto(ref, c, st);
    if (st[3] < p.minReference) continue;
    let sigma = st[1] / 0.6745;
    if (!(sigma > 0)) sigma = st[2] / 1.349;
    sigma = Math.max(sigma, p.relativeFloor * Math.abs(st[0]), pooledSigma, 1e-12);
    med[i] = st[0];
    scale[i] = sigma;
    z[i] = (values[i] - st[0]) / sigma;
  }
  return { z, median: med, scale };
}
