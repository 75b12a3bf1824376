/**
 * The one anomaly plan, used by the analysis run for `finops analyze` and the app: the default
 * series over every canonical table that has rows (daily cost per service explained by account /
 * region / SKU, daily usage per customer × SKU, daily billed amount per customer explained by
 * SKU), one ranking by money impact, one alert budget. The statistics run through a
 * `SeriesDetector` so the app can run them in a worker while the CLI runs them inline; the
 * results are the same.
 */
import type { Engine } from '../../engine/engine';
import type { AnomalyFinding } from '../../model/findings';
import type { AnomalyLabel } from './labels';
import { detectInSeries, type AnomalyRunOptions, type ChartSeries } from './pipeline';
import { isPropertyKey, loadSeries, seriesKeys, sourceTable, type Bucket, type SeriesQuery } from './series-sql';
import type { EventOptions, SeriesInput } from './events';
import { contributions } from './root-cause';
import { literal } from '../../engine/sql';
import {
  MAX_CATEGORY_VALUES,
  PROPERTY_NAME_RE,
  PROPERTY_SAMPLE,
  PROPERTY_SAMPLE_ORDER_SQL,
  dropLocalUsageSeries,
  propertyPatternSql,
  stagedPropertyKeys,
  stageUsageSeriesLocally,
  USAGE_SERIES_TABLE,
} from './usage-series-staged';
import { COST_ROOT_CAUSES, COST_SERIES_KEY, COST_SERIES_TABLE, MAX_TAG_KEYS, stagedTagKeys } from './cost-series-staged';

export interface DetectAllOptions {
  bucket?: Bucket;
  /** Findings kept overall (highest money impact first). */
  budget?: number;
  labels?: AnomalyLabel[];
  events?: Partial<EventOptions>;
  /** Where the statistics run (default: inline, on this thread). */
  detector?: SeriesDetector;
  /** Usage series come from the daily aggregates a warehouse staged (usage-series-staged.ts), not from single events. */
  usageStaged?: boolean;
  /** Cost series likewise (cost-series-staged.ts), not from single cost lines. */
  costStaged?: boolean;
}

/** Findings and chart data over many series, plus each series' season length (for root causes). */
export interface DetectedSeries {
  findings: AnomalyFinding[];
  charts: ChartSeries[];
  periods: Record<string, number>;
}

export type SeriesDetector = (series: SeriesInput[], opts: AnomalyRunOptions) => Promise<DetectedSeries>;

/** The statistics on the calling thread. */
export const detectInline: SeriesDetector = async (series, opts) => {
  const run = detectInSeries(series, opts);
  return { findings: run.findings, charts: run.charts, periods: Object.fromEntries([...run.analyses].map(([k, a]) => [k, a.period])) };
};

interface PlanStep {
  query: SeriesQuery;
  /** Finer dimensions whose values explain a finding on this series. */
  rootCause: string[];
  /** Usage: the sampled events repeat a few property texts (see stageUsageSeriesLocally). */
  fewPropertyTexts?: boolean;
}

export const ANOMALY_PLAN: readonly PlanStep[] = [
  // Cost is also explained by its most common tag keys (the customer, team or SKU a line is tagged with): see withTagKeys.
  { query: { source: 'cost', keys: [COST_SERIES_KEY] }, rootCause: [...COST_ROOT_CAUSES] },
  // Usage is explained by its event properties (region, instance type…): see withTagKeys.
  { query: { source: 'usage', keys: ['customer_id', 'sku'] }, rootCause: ['source'] },
  { query: { source: 'billed', keys: ['customer_id'] }, rootCause: ['sku'] },
];

export async function detectAnomalies(engine: Engine, opts: DetectAllOptions = {}): Promise<{ findings: AnomalyFinding[]; charts: ChartSeries[] }> {
  const { findings, charts } = await detectPlan(engine, ANOMALY_PLAN, opts);
  return { findings, charts };
}

/** One series query (e.g. cost per service) detected and explained by `rootCause` dimensions. */
export function detectFromTables(
  engine: Engine,
  query: SeriesQuery,
  opts: DetectAllOptions & { rootCause?: string[] } = {},
): Promise<DetectedSeries & { series: SeriesInput[] }> {
  return detectPlan(engine, [{ query, rootCause: opts.rootCause ?? [] }], { ...opts, bucket: query.bucket ?? opts.bucket });
}

async function detectPlan(engine: Engine, plan: readonly PlanStep[], opts: DetectAllOptions): Promise<DetectedSeries & { series: SeriesInput[] }> {
  const bucket = opts.bucket ?? 'day';
  const budget = opts.budget ?? 50;
  const series: SeriesInput[] = [];
  const stepOf = new Map<string, PlanStep>();
  let stagedLocally = false;
  try {
    for (const planned of plan) {
      const source = planned.query.source;
      const staged = (opts.usageStaged && source === 'usage') || (opts.costStaged && source === 'cost');
      const table = !staged ? sourceTable(source) : source === 'usage' ? USAGE_SERIES_TABLE : COST_SERIES_TABLE;
      const [{ n }] = await engine.query(`SELECT COUNT(*) AS n FROM ${table}`);
      if (!Number(n)) continue;
      let step = !staged
        ? await withTagKeys(engine, planned)
        : source === 'usage'
          ? await withStagedPropertyKeys(engine, planned)
          : await withStagedTagKeys(engine, planned);
      if (!staged && canStageUsageLocally(step, bucket)) {
        step = await withLocalUsageSeries(engine, step);
        stagedLocally = true;
      }
      for (const s of await loadSeries(engine, { ...step.query, bucket })) {
        if (!hasBaseline(s)) continue;
        series.push(s);
        stepOf.set(s.key, step);
      }
    }
    if (series.length === 0) return { findings: [], charts: [], periods: {}, series };
    const detector = opts.detector ?? detectInline;
    const run = await detector(series, { labels: opts.labels, events: { ...opts.events, bucket, budget } });
    await explainFindings(engine, run, series, stepOf, bucket);
    return { ...run, series };
  } finally {
    if (stagedLocally) await dropLocalUsageSeries(engine);
  }
}

/**
 * A usage step over the events read as daily groups staged once (stageUsageSeriesLocally): the
 * series, their coverage and every root-cause split then scan those groups, not the events, and
 * each property is read once per event. Daily, whole-range usage quantity only (what the groups hold).
 */
function canStageUsageLocally(step: PlanStep, bucket: Bucket): boolean {
  const q = step.query;
  return q.source === 'usage' && bucket === 'day' && !q.staged && !q.from && !q.to && (q.measure ?? 'quantity') === 'quantity';
}

async function withLocalUsageSeries(engine: Engine, step: PlanStep): Promise<PlanStep> {
  const q = step.query;
  const propertyKeys = [...new Set([...seriesKeys(q), ...Object.keys(q.where ?? {}), ...step.rootCause].filter(isPropertyKey))];
  const table = await stageUsageSeriesLocally(engine, propertyKeys, { byText: step.fewPropertyTexts === true });
  return { ...step, query: { ...q, staged: { propertyKeys, table } } };
}

/**
 * A step's root causes extended with the tag keys most cost lines carry (`tag:<key>`), or the
 * property names most usage events carry (`prop:<name>`, from a sample of 10,000 events).
 */
async function withTagKeys(engine: Engine, step: PlanStep): Promise<PlanStep> {
  if (step.rootCause.length === 0) return step;
  if (step.query.source === 'usage') return withPropertyKeys(engine, step);
  if (step.query.source !== 'cost') return step;
  const sql = `SELECT 'tag:' || key AS k FROM cost_tags GROUP BY key ORDER BY count(*) DESC, key LIMIT ${MAX_TAG_KEYS}`;
  const keys = (await engine.query<{ k: string }>(sql)).map((r) => r.k);
  return { ...step, rootCause: [...step.rootCause, ...keys] };
}

/** The sample the property keys are chosen on: the first events by where they came from, never by load order. */
const PROPERTY_SAMPLE_TABLE = '__us_sample';
const PROPERTY_SAMPLE_SQL = `SELECT properties FROM usage_events WHERE properties IS NOT NULL ORDER BY ${PROPERTY_SAMPLE_ORDER_SQL} LIMIT ${PROPERTY_SAMPLE}`;
/** Sampled events per distinct property text at which the staging groups the events by their text first. */
const REPEATS_FOR_TEXT_GROUPS = 10;

/** The usage root causes extended with the property names most sampled events carry, drawn once. */
async function withPropertyKeys(engine: Engine, step: PlanStep): Promise<PlanStep> {
  await engine.exec(`CREATE OR REPLACE TEMP TABLE ${PROPERTY_SAMPLE_TABLE} AS ${PROPERTY_SAMPLE_SQL}`);
  try {
    const keys = (
      await engine.query<{ k: string }>(
        `SELECT 'prop:' || k AS k FROM (SELECT unnest(regexp_extract_all(properties, ${literal(PROPERTY_NAME_RE)}, 1)) AS k FROM ${PROPERTY_SAMPLE_TABLE})
           GROUP BY k ORDER BY count(*) DESC, k LIMIT ${MAX_TAG_KEYS}`,
      )
    ).map((r) => r.k);
    // A property with many values in the sample is a measure (the quantity, a request id), not a category.
    const counts = keys.map((k, i) => `count(DISTINCT regexp_extract(properties, ${propertyPatternSql(k)}, 1)) AS n${i}`);
    const [r] = await engine.query(
      `SELECT ${[...counts, 'count(*) AS events', 'count(DISTINCT properties) AS texts'].join(', ')} FROM ${PROPERTY_SAMPLE_TABLE}`,
    );
    const kept = keys.filter((_, i) => Number(r[`n${i}`]) <= MAX_CATEGORY_VALUES);
    const fewPropertyTexts = Number(r.texts) * REPEATS_FOR_TEXT_GROUPS <= Number(r.events);
    return { ...step, rootCause: [...step.rootCause, ...kept], fewPropertyTexts };
  } finally {
    await engine.exec(`DROP TABLE IF EXISTS ${PROPERTY_SAMPLE_TABLE}`);
  }
}

/** A cost step on staged series: the tag keys the warehouse ranked as cost_tags would, and the series read from its aggregates. */
async function withStagedTagKeys(engine: Engine, step: PlanStep): Promise<PlanStep> {
  if (step.rootCause.length === 0) return { ...step, query: { ...step.query, staged: {} } };
  return { query: { ...step.query, staged: {} }, rootCause: [...step.rootCause, ...(await stagedTagKeys(engine))] };
}

/** A usage step on staged series: the property keys the warehouse chose on the same sample, and the series read from its aggregates. */
async function withStagedPropertyKeys(engine: Engine, step: PlanStep): Promise<PlanStep> {
  const propertyKeys = await stagedPropertyKeys(engine);
  return { query: { ...step.query, staged: { propertyKeys } }, rootCause: [...step.rootCause, ...propertyKeys] };
}

// A series with fewer non-zero buckets than this has no baseline to depart from: a one-off
// charge (a reservation purchase, a service used once in a sampled export) is listed by the
// cost screens, not scored as an anomaly.
export const MIN_NONZERO_POINTS = 3;

function hasBaseline(s: SeriesInput): boolean {
  let n = 0;
  for (const v of s.values) if (v !== 0 && Number.isFinite(v) && ++n >= MIN_NONZERO_POINTS) return true;
  return false;
}

/** Parents whose children one root-cause query reads by their key values (past this, it reads every child). */
const MAX_AMONG = 500;

/**
 * Root causes of every kept finding: per plan step and dimension one query loads all child
 * series (parent keys + the dimension), so the cost does not grow with the number of findings.
 */
async function explainFindings(
  engine: Engine,
  run: DetectedSeries,
  series: SeriesInput[],
  stepOf: Map<string, PlanStep>,
  bucket: Bucket,
): Promise<void> {
  const byKey = new Map(series.map((s) => [s.key, s]));
  // Only the children of series with a finding are read: a child series is the same read alone or among all.
  const parents = new Map<PlanStep, Map<string, Record<string, string>>>();
  for (const f of run.findings) {
    const s = byKey.get(f.series_key);
    const step = stepOf.get(f.series_key);
    if (!s || !step) continue;
    if (!parents.has(step)) parents.set(step, new Map());
    parents.get(step)!.set(JSON.stringify(Object.entries(s.dimensions)), s.dimensions);
  }
  const children = new Map<PlanStep, Map<string, SeriesInput[]>>();
  const childrenOf = async (step: PlanStep, dim: string, parent: SeriesInput): Promise<SeriesInput[]> => {
    if (!children.has(step)) children.set(step, new Map());
    const mine = children.get(step)!;
    if (!mine.has(dim)) {
      const among = [...(parents.get(step)?.values() ?? [])];
      const keys = [...seriesKeys(step.query), dim];
      mine.set(dim, await loadSeries(engine, { ...step.query, bucket, keys, among: among.length <= MAX_AMONG ? among : undefined }));
    }
    return mine.get(dim)!.filter((c) => c.currency === parent.currency && Object.entries(parent.dimensions).every(([k, v]) => c.dimensions[k] === v));
  };
  const at = (ts: string) => Date.parse(bucket === 'day' ? ts + 'T00:00:00Z' : ts);
  for (const f of run.findings) {
    const s = byKey.get(f.series_key);
    const step = stepOf.get(f.series_key);
    if (!s || !step || step.rootCause.length === 0) continue;
    const startIndex = s.timestampsMs.indexOf(at(f.start));
    const endIndex = s.timestampsMs.indexOf(at(f.end));
    const found: NonNullable<AnomalyFinding['contributors']> = [];
    const whole: string[] = [];
    for (const dim of step.rootCause) {
      if (dim in s.dimensions) continue;
      const kids = await childrenOf(step, dim, s);
      // One value explains no change (it is the total again), but says whose the series is.
      if (kids.length === 1 && kids[0].dimensions[dim]) whole.push(`${dim}=${kids[0].dimensions[dim]}`);
      if (kids.length < 2) continue;
      found.push(
        ...contributions(
          kids.map((c) => alignTo(c, s)),
          dim,
          startIndex,
          endIndex,
          run.periods[f.series_key] ?? 0,
        ),
      );
    }
    f.contributors = found.sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta)).slice(0, 8);
    if (f.contributors.length) {
      const top = f.contributors[0];
      f.explanation += `; top contributor ${top.dimension}=${top.value} (${(top.share * 100).toFixed(0)}% of the change)`;
    }
    if (whole.length) f.explanation += `; all of it on ${whole.join(', ')}`;
  }
}

/** Child series re-indexed onto the parent's timeline: a bucket the child lacks is zero, one the parent lacks is missing. */
function alignTo(c: SeriesInput, parent: SeriesInput): SeriesInput {
  const idx = new Map(c.timestampsMs.map((t, i) => [t, i]));
  const values = parent.timestampsMs.map((t, i) => (Number.isNaN(parent.values[i]) ? NaN : idx.has(t) ? c.values[idx.get(t)!] || 0 : 0));
  return { ...c, timestampsMs: parent.timestampsMs, values };
}
