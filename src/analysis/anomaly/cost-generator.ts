/**
 * Synthetic daily cost series shaped like real cloud bills, for evaluating the detector:
 * a level spread over four orders of magnitude, slow trend, weekly seasonality (quiet
 * weekends for some services), month-start or month-end charges, multiplicative noise, and
 * optionally one injected anomaly (spike, drop or level shift) with its ground truth.
 * Deterministic for a given seed.
 */

export type InjectedKind = 'spike' | 'drop' | 'level-shift';

export interface GeneratedSeries {
  timestampsMs: number[];
  values: number[];
  injected: { kind: InjectedKind; start: number; end: number; factor: number } | null;
}

/** mulberry32: a small, fast, seedable PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(r: () => number): number {
  const u = Math.max(r(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}

const DAY = 86_400_000;

export function generateCostSeries(seed: number, opts: { days?: number; inject?: InjectedKind | 'none' | 'random' } = {}): GeneratedSeries {
  const r = rng(seed);
  const days = opts.days ?? 365;
  const start = Date.UTC(2025, 0, 1);
  const level = Math.exp(Math.log(20) + r() * Math.log(5000)); // 20 … 100,000 a day
  const growth = -0.0005 + r() * 0.0025; // −0.05% … +0.2% a day
  const weekend = r() < 0.5 ? 0.45 + r() * 0.4 : 0.9 + r() * 0.1;
  const weekdayWave = r() * 0.08;
  const noise = 0.02 + r() * 0.06;
  const monthly = r() < 0.5 ? (r() < 0.5 ? 'start' : 'end') : null;
  const monthlyAmount = level * (0.5 + r() * 2.5);
  const timestampsMs: number[] = [];
  const values: number[] = [];
  for (let d = 0; d < days; d++) {
    const ts = start + d * DAY;
    const date = new Date(ts);
    const dow = date.getUTCDay();
    let v = level * Math.exp(growth * d);
    v *= dow === 0 || dow === 6 ? weekend : 1 + weekdayWave * Math.sin((dow * 2 * Math.PI) / 5);
    v *= Math.exp(noise * gaussian(r));
    const isFirst = date.getUTCDate() === 1;
    const isLast = new Date(ts + DAY).getUTCDate() === 1;
    if ((monthly === 'start' && isFirst) || (monthly === 'end' && isLast)) v += monthlyAmount * Math.exp(0.03 * gaussian(r));
    timestampsMs.push(ts);
    values.push(v);
  }
  let kind = opts.inject ?? 'none';
  if (kind === 'random') kind = (['spike', 'drop', 'level-shift'] as const)[Math.floor(r() * 3)];
  if (kind === 'none') return { timestampsMs, values, injected: null };
  const at = 70 + Math.floor(r() * (days - 90));
  let end = at;
  let factor: number;
  if (kind === 'spike') {
    factor = 1.6 + r() * 2.4;
    values[at] *= factor;
  } else if (kind === 'drop') {
    factor = r() * 0.4;
    end = at + Math.floor(r() * 3);
    for (let d = at; d <= end; d++) values[d] *= factor;
  } else {
    factor = r() < 0.5 ? 1.35 + r() * 0.65 : 0.4 + r() * 0.3;
    end = days - 1;
    for (let d = at; d < days; d++) values[d] *= factor;
  }
  return { timestampsMs, values, injected: { kind, start: at, end, factor } };
}
