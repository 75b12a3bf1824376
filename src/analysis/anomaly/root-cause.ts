/**
 * Root-cause contributions: which value of a finer dimension moved the total during an event.
 * Each child series' baseline for an event point is the median of the same phase in the
 * previous `cycles` seasons (previous points when there is no season); its delta is actual −
 * baseline over the event, and its share is that delta over the sum of all children's deltas.
 */
import type { AnomalyFinding } from '../../model/findings';
import type { SeriesInput } from './events';
import { nanMedian } from '../stats/robust';

export type Contribution = NonNullable<AnomalyFinding['contributors']>[number];

export function contributions(
  children: SeriesInput[],
  dimension: string,
  startIndex: number,
  endIndex: number,
  period: number,
  opts: { cycles?: number; top?: number } = {},
): Contribution[] {
  const cycles = opts.cycles ?? 4;
  const step = period >= 2 ? period : 1;
  const count = period >= 2 ? cycles : 7;
  const ref = new Float64Array(count);
  const rows = children.map((c) => {
    let delta = 0;
    for (let i = startIndex; i <= endIndex; i++) {
      let n = 0;
      for (let j = i - step; j >= 0 && n < count; j -= step) if (j < startIndex) ref[n++] = c.values[j];
      const base = n ? nanMedian(ref, 0, n) : 0;
      delta += c.values[i] - base;
    }
    return { dimension, value: c.dimensions[dimension] ?? '', delta };
  });
  // Kept: simple-statistics' sum is compensated, which moves the last bit of the shares in ~1/3 of events.
  const total = rows.reduce((a, r) => a + r.delta, 0);
  return rows
    .map((r) => ({ ...r, share: total !== 0 ? r.delta / total : 0 }))
    .sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta))
    .slice(0, opts.top ?? 5);
}
