/**
 * The engine-level entry point `finops analyze` and the app call: the default series over
 * every canonical table that has rows (daily cost per service explained by account / region /
 * SKU, daily usage per customer × SKU, daily billed amount per customer), one ranking by money
 * impact, one alert budget.
 */
import type { Engine } from '../../engine/engine';
import type { AnomalyFinding } from '../../model/findings';
import type { AnomalyLabel } from './labels';
import { detectFromTables, type ChartSeries } from './pipeline';
import type { Bucket, SeriesQuery } from './series-sql';
import type { EventOptions } from './events';
import { absMinor } from './money-impact';

export interface DetectAllOptions {
  bucket?: Bucket;
  /** Findings kept overall (highest money impact first). */
  budget?: number;
  labels?: AnomalyLabel[];
  events?: Partial<EventOptions>;
}

const PLAN: { query: SeriesQuery; rootCause?: string[] }[] = [
  { query: { source: 'cost', keys: ['ServiceName'] }, rootCause: ['SubAccountId', 'RegionId', 'SkuId'] },
  { query: { source: 'usage', keys: ['customer_id', 'sku'] } },
  { query: { source: 'billed', keys: ['customer_id'] }, rootCause: ['sku'] },
];

export async function detectAnomalies(engine: Engine, opts: DetectAllOptions = {}): Promise<{ findings: AnomalyFinding[]; charts: ChartSeries[] }> {
  const bucket = opts.bucket ?? 'day';
  const budget = opts.budget ?? 50;
  let findings: AnomalyFinding[] = [];
  let charts: ChartSeries[] = [];
  for (const step of PLAN) {
    const table = step.query.source === 'cost' ? 'cost_lines' : step.query.source === 'usage' ? 'usage_events' : 'invoice_lines';
    const [{ n }] = await engine.query(`SELECT COUNT(*) AS n FROM ${table}`);
    if (!Number(n)) continue;
    const run = await detectFromTables(engine, { ...step.query, bucket }, { labels: opts.labels, rootCause: step.rootCause, events: { ...opts.events, budget } });
    findings = findings.concat(run.findings);
    charts = charts.concat(run.charts);
  }
  // Money first (per-currency minor units, compared as magnitudes), then unit-less series.
  const money = findings.filter((f) => f.impact && f.currency);
  const other = findings.filter((f) => !(f.impact && f.currency));
  money.sort((a, b) => {
    const x = absMinor(a.impact!, a.currency!);
    const y = absMinor(b.impact!, b.currency!);
    return x === y ? b.score - a.score : x > y ? -1 : 1;
  });
  other.sort((a, b) => Math.abs(b.actual - b.expected) - Math.abs(a.actual - a.expected));
  return { findings: [...money, ...other].slice(0, budget), charts };
}
