/**
 * Series with no anomaly in them, for measuring the batch detector's false-alarm rate on data
 * that is not daily-seasonal: a random walk, AR(1) noise, white noise and heavy-tailed
 * (Student t, 3 degrees of freedom) noise. Every flag on them is a false alarm.
 * Deterministic for a given seed.
 */
import { rng } from './cost-generator';

export type NullKind = 'random-walk' | 'ar1' | 'white' | 'heavy-tailed';

export const NULL_KINDS: NullKind[] = ['random-walk', 'ar1', 'white', 'heavy-tailed'];

function gaussian(r: () => number): number {
  const u = Math.max(r(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}

/** Student t with `df` degrees of freedom: a normal over the root of a scaled χ². */
function studentT(r: () => number, df: number): number {
  let chi = 0;
  for (let i = 0; i < df; i++) chi += gaussian(r) ** 2;
  return gaussian(r) / Math.sqrt(chi / df);
}

/** One series of `n` points (default 365, hourly when `stepMs` says so) around a positive level. */
export function generateNullSeries(kind: NullKind, seed: number, n = 365, stepMs = 86_400_000): { timestampsMs: number[]; values: number[] } {
  const r = rng(seed);
  const t0 = Date.UTC(2025, 0, 1);
  const timestampsMs = Array.from({ length: n }, (_, i) => t0 + i * stepMs);
  const values = new Array<number>(n);
  const level = 1000;
  let x = 0;
  for (let i = 0; i < n; i++) {
    if (kind === 'random-walk') x += gaussian(r);
    else if (kind === 'ar1') x = 0.8 * x + gaussian(r);
    else if (kind === 'white') x = gaussian(r);
    else x = studentT(r, 3);
    values[i] = level + 10 * x;
  }
  return { timestampsMs, values };
}
