/**
 * Seasonal Hybrid ESD (Hochenbaum, Vallis & Kejariwal 2017): remove the seasonal component and
 * the (rolling) median, then run the generalized ESD test on the residual with median/MAD in
 * place of mean/SD, so the anomalies themselves do not mask the test.
 */
import { generalizedEsd } from '../stats/esd';
import type { Decomposition } from './seasonal';

export interface ShesdParams {
  /** Upper bound on the share of points that may be anomalous (Twitter's max_anoms). */
  maxAnoms: number;
  alpha: number;
  direction: 'both' | 'pos' | 'neg';
}

export const DEFAULT_SHESD: ShesdParams = { maxAnoms: 0.02, alpha: 0.001, direction: 'both' };

/** Per point: R_i/λ_i for points the test declares outliers (≥ 1), else 0. */
export function seasonalHybridEsd(dec: Decomposition, params: Partial<ShesdParams> = {}): Float64Array {
  const p = { ...DEFAULT_SHESD, ...params };
  const r = dec.residual;
  const n = r.length;
  const out = new Float64Array(n);
  const k = Math.max(1, Math.floor(n * p.maxAnoms));
  if (n < 8) return out;
  const side = p.direction === 'pos' ? 'upper' : p.direction === 'neg' ? 'lower' : 'both';
  const res = generalizedEsd(r, k, { alpha: p.alpha, robust: true, side });
  const flagged = new Set(res.outliers);
  for (const s of res.steps) if (flagged.has(s.index)) out[s.index] = s.r / s.lambda;
  return out;
}
