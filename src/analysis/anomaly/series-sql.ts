/**
 * Metric series from the canonical tables, aggregated in the engine: daily (or hourly) cost per
 * service / account / region / SKU from cost_lines, usage quantity per customer × SKU from
 * usage_events, billed amount per customer from invoice_lines. The caller picks the key
 * columns (from a fixed list, so no free text reaches the SQL) and the bucket. Buckets with no
 * rows inside the overall range are zero: a service that stopped costing is a signal.
 */
import type { Engine, SqlValue } from '../../engine/engine';
import { ident } from '../../engine/sql';
import type { SeriesInput } from './events';

export type SeriesSource = 'cost' | 'usage' | 'billed';
export type Bucket = 'hour' | 'day';

const SOURCES = {
  cost: {
    table: 'cost_lines',
    time: 'ChargePeriodStart',
    keys: ['ServiceName', 'SubAccountId', 'RegionId', 'SkuId', 'BillingAccountId', 'ProviderName', 'ServiceCategory', 'ResourceId'],
    measures: ['BilledCost', 'EffectiveCost', 'ListCost', 'ContractedCost'],
    defaultMeasure: 'BilledCost',
    currency: 'BillingCurrency',
    defaultKeys: ['ServiceName'],
  },
  usage: {
    table: 'usage_events',
    time: 'ts',
    keys: ['customer_id', 'sku', 'source'],
    measures: ['quantity'],
    defaultMeasure: 'quantity',
    currency: null,
    defaultKeys: ['customer_id', 'sku'],
  },
  billed: {
    table: 'invoice_lines',
    time: 'period_start',
    keys: ['customer_id', 'sku', 'kind'],
    measures: ['amount'],
    defaultMeasure: 'amount',
    currency: 'currency',
    defaultKeys: ['customer_id'],
  },
} as const;

/** The canonical table a series source aggregates. */
export function sourceTable(source: SeriesSource): string {
  return SOURCES[source].table;
}

export interface SeriesQuery {
  source: SeriesSource;
  /** Key columns (defaults: cost ServiceName; usage customer_id, sku; billed customer_id). */
  keys?: string[];
  bucket?: Bucket;
  /** Cost only: which cost column to sum (BilledCost by default). */
  measure?: string;
  /** Only rows whose key columns equal these values (e.g. one service, for root cause). */
  where?: Record<string, string>;
  /** Inclusive ISO bounds on the time column. */
  from?: string;
  to?: string;
}

export function keyColumns(source: SeriesSource): readonly string[] {
  return SOURCES[source].keys;
}

const STEP: Record<Bucket, number> = { hour: 3_600_000, day: 86_400_000 };

export async function loadSeries(engine: Engine, q: SeriesQuery): Promise<SeriesInput[]> {
  const src = SOURCES[q.source];
  const keys = q.keys ?? [...src.defaultKeys];
  for (const k of [...keys, ...Object.keys(q.where ?? {})]) {
    if (!(src.keys as readonly string[]).includes(k))
      throw new Error(`"${k}" is not a key of ${q.source} series (use one of ${src.keys.join(', ')})`);
  }
  const measure = q.measure ?? src.defaultMeasure;
  if (!(src.measures as readonly string[]).includes(measure)) throw new Error(`"${measure}" is not a measure of ${q.source} series`);
  const bucket = q.bucket ?? 'day';
  const keySql = keys.map((k) => `COALESCE(CAST(${ident(k)} AS VARCHAR), '') AS ${ident('k_' + k)}`);
  const cur = src.currency ? `COALESCE(${ident(src.currency)}, '')` : `''`;
  const params: SqlValue[] = [];
  const conds = [`${ident(src.time)} IS NOT NULL`, `${ident(measure)} IS NOT NULL`];
  for (const [k, v] of Object.entries(q.where ?? {})) {
    conds.push(`COALESCE(CAST(${ident(k)} AS VARCHAR), '') = ?`);
    params.push(v);
  }
  if (q.from) {
    conds.push(`${ident(src.time)} >= CAST(? AS TIMESTAMP)`);
    params.push(q.from);
  }
  if (q.to) {
    conds.push(`${ident(src.time)} <= CAST(? AS TIMESTAMP)`);
    params.push(q.to);
  }
  const groupCols = [...keys.map((k) => ident('k_' + k)), 'currency', 'b'];
  const sql =
    `SELECT ${[...keySql, `${cur} AS currency`, `date_trunc('${bucket}', ${ident(src.time)}) AS b`, `SUM(${ident(measure)}) AS total`].join(', ')} ` +
    `FROM ${ident(src.table)} WHERE ${conds.join(' AND ')} GROUP BY ${groupCols.join(', ')} ORDER BY ${groupCols.join(', ')}`;
  const rows = await engine.query(sql, params);
  if (!rows.length) return [];
  let minT = Infinity;
  let maxT = -Infinity;
  for (const r of rows) {
    const t = Date.parse(String(r.b));
    if (t < minT) minT = t;
    if (t > maxT) maxT = t;
  }
  const step = STEP[bucket];
  const len = Math.round((maxT - minT) / step) + 1;
  const timeline = Array.from({ length: len }, (_, i) => minT + i * step);
  const groups = new Map<string, { dims: Record<string, string>; currency: string; amounts: string[]; values: number[] }>();
  for (const r of rows) {
    const dims: Record<string, string> = {};
    for (const k of keys) dims[k] = String(r['k_' + k]);
    const currency = String(r.currency);
    const id = `${q.source}|${keys.map((k) => `${k}=${dims[k]}`).join('|')}${currency ? `|currency=${currency}` : ''}`;
    let g = groups.get(id);
    if (!g) {
      g = { dims, currency, amounts: new Array(len).fill('0'), values: new Array(len).fill(0) };
      groups.set(id, g);
    }
    const i = Math.round((Date.parse(String(r.b)) - minT) / step);
    g.amounts[i] = String(r.total);
    g.values[i] = Number(r.total);
  }
  const money = src.currency !== null;
  return [...groups.entries()].map(([key, g]) => ({
    key,
    dimensions: g.dims,
    timestampsMs: timeline,
    values: g.values,
    amounts: money ? g.amounts : undefined,
    currency: money && g.currency ? g.currency : null,
  }));
}
