/**
 * The app's anomaly run: DuckDB aggregates the series (cost per service, usage per customer ×
 * SKU, billed amount per customer), a dedicated worker runs the statistics, and the findings on
 * cost series are then explained by account / region / SKU contributions (queries again in the
 * engine, on demand: see explainFinding). The UI thread only moves arrays around.
 */
import type { Engine } from '../../src/engine/engine';
import type { AnomalyFinding } from '../../src/model/findings';
import type { AnomalyLabel } from '../../src/analysis/anomaly/labels';
import type { ChartSeries } from '../../src/analysis/anomaly/pipeline';
import type { SeriesInput } from '../../src/analysis/anomaly/events';
import { loadSeries, type SeriesQuery } from '../../src/analysis/anomaly/series-sql';
import { contributions } from '../../src/analysis/anomaly/root-cause';
import type { DetectRequest } from './anomaly-worker';

const PLAN: { query: SeriesQuery; table: string; rootCause: string[] }[] = [
  { query: { source: 'cost', keys: ['ServiceName'], bucket: 'day' }, table: 'cost_lines', rootCause: ['SubAccountId', 'RegionId', 'SkuId'] },
  { query: { source: 'usage', keys: ['customer_id', 'sku'], bucket: 'day' }, table: 'usage_events', rootCause: [] },
  { query: { source: 'billed', keys: ['customer_id'], bucket: 'day' }, table: 'invoice_lines', rootCause: ['sku'] },
];

interface WorkerReply {
  ok: boolean;
  error?: string;
  findings: AnomalyFinding[];
  charts: ChartSeries[];
  periods: Record<string, number>;
}

function inWorker(req: DetectRequest): Promise<WorkerReply> {
  const worker = new Worker(new URL('./anomaly-worker.ts', import.meta.url), { type: 'module' });
  return new Promise<WorkerReply>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<WorkerReply>) => (e.data.ok ? resolve(e.data) : reject(new Error(e.data.error)));
    worker.onerror = (e) => reject(new Error(e.message || 'the anomaly worker failed'));
    worker.postMessage(req);
  }).finally(() => worker.terminate());
}

/** Child series re-indexed onto the parent's timeline (missing buckets are zero). */
function alignTo(c: SeriesInput, timeline: number[]): SeriesInput {
  const idx = new Map(c.timestampsMs.map((t, i) => [t, i]));
  return { ...c, timestampsMs: timeline, values: timeline.map((t) => (idx.has(t) ? c.values[idx.get(t)!] : 0)) };
}

/** Season length per series key from the last run (for root-cause contributions). */
const periods = new Map<string, number>();

/**
 * Explains one finding by the dimensions under its series (account, region, SKU for cost;
 * SKU for billed amounts): computed when the analyst opens it, two or three engine queries.
 */
export async function explainFinding(engine: Engine, f: AnomalyFinding): Promise<NonNullable<AnomalyFinding['contributors']>> {
  const step = PLAN.find((p) => p.query.source === f.series_key.split('|')[0]) ?? PLAN.find((p) => Object.keys(f.dimensions).every((d) => p.query.keys?.includes(d)));
  if (!step || step.rootCause.length === 0) return [];
  const [s] = (await loadSeries(engine, { ...step.query, where: { ...f.dimensions } })).filter((x) => x.key === f.series_key);
  if (!s) return [];
  const startIndex = s.timestampsMs.indexOf(Date.parse(f.start + 'T00:00:00Z'));
  const endIndex = s.timestampsMs.indexOf(Date.parse(f.end + 'T00:00:00Z'));
  const found: NonNullable<AnomalyFinding['contributors']> = [];
  for (const dim of step.rootCause) {
    const children = (await loadSeries(engine, { ...step.query, keys: [...Object.keys(s.dimensions), dim], where: { ...s.dimensions } })).filter(
      (c) => c.currency === s.currency,
    );
    found.push(...contributions(children.map((c) => alignTo(c, s.timestampsMs)), dim, startIndex, endIndex, periods.get(f.series_key) ?? 0));
  }
  return found.sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta)).slice(0, 8);
}

export async function detectAnomaliesOffThread(
  engine: Engine,
  labels: AnomalyLabel[],
  budget = 50,
): Promise<{ findings: AnomalyFinding[]; charts: ChartSeries[] }> {
  const series: SeriesInput[] = [];
  for (const step of PLAN) {
    const [{ n }] = await engine.query(`SELECT count(*) AS n FROM ${step.table}`);
    if (!Number(n)) continue;
    for (const s of await loadSeries(engine, step.query)) {
      series.push(s);
    }
  }
  if (series.length === 0) return { findings: [], charts: [] };
  const run = await inWorker({ series, opts: { labels, events: { bucket: 'day', budget } } });
  for (const [k, p] of Object.entries(run.periods)) periods.set(k, p);
  const keys = new Set(run.findings.map((f) => f.series_key));
  return { findings: run.findings, charts: run.charts.filter((c) => keys.has(c.series_key)) };
}
