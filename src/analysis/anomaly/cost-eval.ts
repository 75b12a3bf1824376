/**
 * Cost-shaped evaluation: recall on series with one injected anomaly at a fixed alert budget
 * (findings per series), and the share of clean series that raise any finding at all.
 * An injected anomaly counts as found when a finding starts within `tolerance` days of its
 * onset (level shifts) or overlaps it (spikes, drops).
 */
import { analyzeSeries, type DetectOptions } from './detect-series';
import { findingsForSeries, type EventOptions } from './events';
import { generateCostSeries, type InjectedKind } from './cost-generator';

export interface CostEvalResult {
  series: number;
  recall: number;
  recallByKind: Record<InjectedKind, { found: number; total: number }>;
  falseAlarmRate: number;
  cleanSeries: number;
  budget: number;
}

export function evaluateCostDetector(opts: {
  series: number;
  seed?: number;
  budget?: number;
  tolerance?: number;
  detect?: DetectOptions;
  events?: Partial<EventOptions>;
}): CostEvalResult {
  const budget = opts.budget ?? 3;
  const tolerance = opts.tolerance ?? 7;
  const seed = opts.seed ?? 1;
  const byKind: CostEvalResult['recallByKind'] = {
    spike: { found: 0, total: 0 },
    drop: { found: 0, total: 0 },
    'level-shift': { found: 0, total: 0 },
  };
  let found = 0;
  let falseAlarms = 0;
  for (let i = 0; i < opts.series; i++) {
    const g = generateCostSeries(seed * 1_000_003 + i, { inject: 'random' });
    const a = analyzeSeries(g.timestampsMs, g.values, opts.detect);
    const f = findingsForSeries({ key: `s${i}`, dimensions: {}, timestampsMs: g.timestampsMs, values: g.values }, a, { ...opts.events, budget });
    const inj = g.injected!;
    const hit = f.some((x) => {
      const s = Date.parse(x.start);
      const e = Date.parse(x.end);
      const is = g.timestampsMs[inj.start];
      const ie = g.timestampsMs[inj.kind === 'level-shift' ? Math.min(inj.start + tolerance, g.values.length - 1) : inj.end];
      return s <= ie && e >= is;
    });
    byKind[inj.kind].total++;
    if (hit) {
      byKind[inj.kind].found++;
      found++;
    }
    const clean = generateCostSeries(seed * 2_000_003 + i, { inject: 'none' });
    const ca = analyzeSeries(clean.timestampsMs, clean.values, opts.detect);
    const cf = findingsForSeries({ key: `c${i}`, dimensions: {}, timestampsMs: clean.timestampsMs, values: clean.values }, ca, {
      ...opts.events,
      budget,
    });
    if (cf.length > 0) falseAlarms++;
  }
  return {
    series: opts.series,
    recall: found / opts.series,
    recallByKind: byKind,
    falseAlarmRate: falseAlarms / opts.series,
    cleanSeries: opts.series,
    budget,
  };
}
