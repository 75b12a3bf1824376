/**
 * The anomaly analysis end to end: series (from the tables or given) -> baselines that skip
 * labelled points -> debounced, gated findings -> analyst labels applied -> root-cause
 * contributions -> one ranking by money impact, capped by the alert budget. Also the chart
 * data the UI draws (value, expected, band, score, verdict per point).
 */
import type { Engine } from '../../engine/engine';
import type { AnomalyFinding } from '../../model/findings';
import { analyzeSeries, type DetectOptions, type SeriesAnalysis } from './detect-series';
import { DEFAULT_EVENTS, findingsForSeries, rankFindings, type EventOptions, type SeriesInput } from './events';
import { applyLabels, excludedMask, type AnomalyLabel } from './labels';
import { contributions } from './root-cause';
import { loadSeries, type SeriesQuery } from './series-sql';
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
    all = all.concat(findingsForSeries(s, a, { ...ev, budget: Number.POSITIVE_INFINITY }));
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

/**
 * Loads series from the canonical tables, detects, and explains each finding by the values of
 * `rootCause` dimensions (e.g. SubAccountId and RegionId under a ServiceName series).
 */
export async function detectFromTables(
  engine: Engine,
  query: SeriesQuery,
  opts: AnomalyRunOptions & { rootCause?: string[] } = {},
): Promise<AnomalyRun & { series: SeriesInput[] }> {
  const bucket = query.bucket ?? 'day';
  const series = await loadSeries(engine, query);
  const run = detectInSeries(series, { ...opts, events: { ...opts.events, bucket } });
  for (const f of run.findings) {
    const s = series.find((x) => x.key === f.series_key);
    const a = run.analyses.get(f.series_key);
    if (!s || !a || !opts.rootCause?.length) continue;
    const startIndex = s.timestampsMs.indexOf(Date.parse(bucket === 'day' ? f.start + 'T00:00:00Z' : f.start));
    const endIndex = s.timestampsMs.indexOf(Date.parse(bucket === 'day' ? f.end + 'T00:00:00Z' : f.end));
    const contributors: AnomalyFinding['contributors'] = [];
    for (const dim of opts.rootCause) {
      if (dim in s.dimensions) continue;
      const where = { ...query.where, ...s.dimensions };
      const children = (await loadSeries(engine, { ...query, keys: [...Object.keys(s.dimensions), dim], where })).filter(
        (c) => c.currency === s.currency,
      );
      // One value explains nothing (it is the total again).
      if (children.length < 2) continue;
      // Children share the parent's timeline only when they span it; align by timestamp.
      const aligned = children.map((c) => alignTo(c, s.timestampsMs));
      contributors.push(...contributions(aligned, dim, startIndex, endIndex, a.period));
    }
    f.contributors = contributors.sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta)).slice(0, 8);
    if (f.contributors.length) {
      const top = f.contributors[0];
      f.explanation += `; top contributor ${top.dimension}=${top.value} (${(top.share * 100).toFixed(0)}% of the change)`;
    }
  }
  return { ...run, series };
}

function alignTo(c: SeriesInput, timeline: number[]): SeriesInput {
  const idx = new Map(c.timestampsMs.map((t, i) => [t, i]));
  return { ...c, timestampsMs: timeline, values: timeline.map((t) => (idx.has(t) ? c.values[idx.get(t)!] : 0)) };
}
