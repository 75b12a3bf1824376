/**
 * The anomaly analysis end to end: series (from the tables or given) -> baselines that skip
 * labelled points -> debounced, gated findings -> analyst labels applied -> root-cause
 * contributions -> one ranking by money impact, capped by the alert budget. Also the chart
 * data the UI draws (value, expected, band, score, verdict per point).
 */
import type { AnomalyFinding } from '../../model/findings';
import { analyzeSeries, type DetectOptions, type SeriesAnalysis } from './detect-series';
import { DEFAULT_EVENTS, findingsForSeries, rankFindings, type EventOptions, type SeriesInput } from './events';
import { applyLabels, excludedMask, type AnomalyLabel } from './labels';
import { absMinor } from './money-impact';

export interface AnomalyRunOptions {
  detect?: DetectOptions;
  events?: Partial<EventOptions>;
  labels?: AnomalyLabel[];
}

export interface ChartPoint {
  ts: string;
  value: number;
  expected: number;
  band_low: number;
  band_high: number;
  score: number;
  is_anomaly: boolean;
  method: string | null;
  excluded: boolean;
}

export interface ChartSeries {
  series_key: string;
  dimensions: Record<string, string>;
  currency: string | null;
  period: number;
  points: ChartPoint[];
}

export function chartSeries(series: SeriesInput, analysis: SeriesAnalysis, bucket: 'day' | 'hour' = 'day'): ChartSeries {
  return {
    series_key: series.key,
    dimensions: series.dimensions,
    currency: series.currency ?? null,
    period: analysis.period,
    points: analysis.points.map((p) => ({
      ts: bucket === 'day' ? new Date(p.ts).toISOString().slice(0, 10) : new Date(p.ts).toISOString(),
      value: p.value,
      expected: p.expected,
      band_low: p.bandLow,
      band_high: p.bandHigh,
      score: p.score,
      is_anomaly: p.isAnomaly,
      method: p.method,
      excluded: p.excluded,
    })),
  };
}

export interface AnomalyRun {
  findings: AnomalyFinding[];
  charts: ChartSeries[];
  analyses: Map<string, SeriesAnalysis>;
}

/** Findings over many series, ranked together (money first) and capped by the budget. */
export function detectInSeries(series: SeriesInput[], opts: AnomalyRunOptions = {}): AnomalyRun {
  const ev = { ...DEFAULT_EVENTS, ...opts.events };
  const labels = opts.labels ?? [];
  const analyses = new Map<string, SeriesAnalysis>();
  const charts: ChartSeries[] = [];
  let all: AnomalyFinding[] = [];
  for (const s of series) {
    const exclude = labels.length ? excludedMask(labels, s.key, s.timestampsMs) : undefined;
    const a = analyzeSeries(s.timestampsMs, s.values, { ...opts.detect, exclude });
    analyses.set(s.key, a);
    charts.push(chartSeries(s, a, ev.bucket));
    // Appended in place: concatenating per series copies every earlier finding again.
    for (const f of findingsForSeries(s, a, { ...ev, budget: Number.POSITIVE_INFINITY })) all.push(f);
  }
  all = applyLabels(all, labels);
  return { findings: rankAll(all, ev.budget), analyses, charts };
}

/** Money impacts (per currency, in minor units) outrank unit-less impacts; then |impact|. */
function rankAll(list: AnomalyFinding[], budget: number): AnomalyFinding[] {
  const keyed = list.map((f) => ({
    ...f,
    rank: f.impact && f.currency ? absMinor(f.impact, f.currency) * 1000n : Math.abs(f.actual - f.expected),
  }));
  const money = keyed.filter((f) => typeof f.rank === 'bigint');
  const other = keyed.filter((f) => typeof f.rank !== 'bigint');
  return [...rankFindings(money, budget), ...rankFindings(other, budget)].slice(0, budget);
}
