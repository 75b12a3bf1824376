/**
 * Metric series from the canonical tables, aggregated in the engine: daily (or hourly) cost per
 * service / account / region / SKU from cost_lines, usage quantity per customer × SKU from
 * usage_events, billed amount per customer from invoice_lines. The caller picks the key
 * columns (from a fixed list, so no free text reaches the SQL) and the bucket. A series is read
 * only over the time the files it draws on cover (series-coverage.ts): a bucket they cover with
 * no rows is zero (a service that stopped costing is a signal), a bucket they do not cover is
 * missing (NaN), and where the set of covering scopes changes the series starts a new segment.
 */
import type { Engine, SqlValue } from '../../engine/engine';
import { ident } from '../../engine/sql';
import type { SeriesInput } from './events';
import { coverageSegments, MAX_GAP_BUCKETS, type ScopeSpan } from './series-coverage';
import { propertyColumn, propertyPatternSql, USAGE_SERIES_TABLE } from './usage-series-staged';
import { COST_ROOT_CAUSES, COST_SERIES_KEY, COST_SERIES_TABLE } from './cost-series-staged';

export type SeriesSource = 'cost' | 'usage' | 'billed';
export type Bucket = 'hour' | 'day';

const SOURCES = {
  cost: {
    table: 'cost_lines',
    time: 'ChargePeriodStart',
    keys: ['ServiceName', 'SubAccountId', 'RegionId', 'SkuId', 'BillingAccountId', 'ProviderName', 'ServiceCategory', 'ResourceId', 'ChargeCategory'],
    measures: ['BilledCost', 'EffectiveCost', 'ListCost', 'ContractedCost'],
    defaultMeasure: 'BilledCost',
    currency: 'BillingCurrency',
    defaultKeys: ['ServiceName'],
    // A cost export covers one provider × billing account from its first charge to the end of its last.
    scope: ['ProviderName', 'BillingAccountId'],
    coverageEnd: `"ChargePeriodEnd" - INTERVAL 1 MICROSECOND`,
  },
  usage: {
    table: 'usage_events',
    time: 'ts',
    keys: ['customer_id', 'sku', 'source'],
    measures: ['quantity'],
    defaultMeasure: 'quantity',
    currency: null,
    defaultKeys: ['customer_id', 'sku'],
    scope: ['source'],
    coverageEnd: null,
  },
  billed: {
    table: 'invoice_lines',
    time: 'period_start',
    keys: ['customer_id', 'sku', 'kind'],
    measures: ['amount'],
    defaultMeasure: 'amount',
    currency: 'currency',
    defaultKeys: ['customer_id'],
    // The series is placed on period starts, so a ledger covers the periods it starts.
    scope: [],
    coverageEnd: null,
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
  /**
   * Read the daily aggregates a warehouse staged, not single events or lines: usage (usage-series-staged.ts,
   * property keys in this order) or cost (cost-series-staged.ts: ServiceName and at most one root-cause key).
   */
  staged?: { propertyKeys?: readonly string[]; table?: string };
  /**
   * Only the series whose key columns take one of these sets of values (each set names some of the
   * query's keys): the children of a few parents, for root causes. Series are read whole either way.
   */
  among?: readonly Record<string, string>[];
}

/** The key columns a query groups by (its own, else the source's defaults). */
export function seriesKeys(q: SeriesQuery): string[] {
  return q.keys ?? [...SOURCES[q.source].defaultKeys];
}

export function keyColumns(source: SeriesSource): readonly string[] {
  return SOURCES[source].keys;
}

const TAG = 'tag:';
const PROP = 'prop:';
/** A cost tag as a series key: `tag:<tag key>` (the value of that tag on each line, '' when untagged). */
export const isTagKey = (k: string): boolean => k.startsWith(TAG) && k.length > TAG.length;
/** A usage event property as a series key: `prop:<name>` (its scalar value, '' when absent). */
export const isPropertyKey = (k: string): boolean => k.startsWith(PROP) && k.length > PROP.length;
const EXTRA_HINT: Record<SeriesSource, string> = { cost: ', or tag:<key>', usage: ', or prop:<name>', billed: '' };

const STEP: Record<Bucket, number> = { hour: 3_600_000, day: 86_400_000 };

export async function loadSeries(engine: Engine, q: SeriesQuery): Promise<SeriesInput[]> {
  const src = SOURCES[q.source];
  const keys = seriesKeys(q);
  const extra = q.source === 'cost' ? isTagKey : q.source === 'usage' ? isPropertyKey : () => false;
  for (const k of [...keys, ...Object.keys(q.where ?? {})]) {
    if (!(src.keys as readonly string[]).includes(k) && !extra(k))
      throw new Error(`"${k}" is not a key of ${q.source} series (use one of ${src.keys.join(', ')}${EXTRA_HINT[q.source]})`);
  }
  const measure = q.measure ?? src.defaultMeasure;
  if (!(src.measures as readonly string[]).includes(measure)) throw new Error(`"${measure}" is not a measure of ${q.source} series`);
  const bucket = q.bucket ?? 'day';
  const rel = q.staged ? stagedRelation(q, keys, measure, bucket, q.staged.propertyKeys ?? []) : eventRelation(q, keys, measure, extra);
  const { col } = rel;
  const keySql = keys.map((k) => `COALESCE(CAST(${col(k)} AS VARCHAR), '') AS ${ident('k_' + k)}`);
  const cur = src.currency ? `COALESCE(${ident(src.currency)}, '')` : `''`;
  // Time bounds apply to the series and to the coverage of the files; key filters to the series only.
  const timeConds = [`${rel.time} IS NOT NULL`];
  const timeParams: SqlValue[] = [];
  if (q.from) {
    timeConds.push(`${rel.time} >= CAST(? AS TIMESTAMP)`);
    timeParams.push(q.from);
  }
  if (q.to) {
    timeConds.push(`${rel.time} <= CAST(? AS TIMESTAMP)`);
    timeParams.push(q.to);
  }
  const conds = [...timeConds, `${rel.measure} IS NOT NULL`];
  const params: SqlValue[] = [...rel.params, ...timeParams];
  for (const [k, v] of Object.entries(q.where ?? {})) {
    conds.push(`COALESCE(CAST(${col(k)} AS VARCHAR), '') = ?`);
    params.push(v);
  }
  if (q.among) {
    const alts = q.among.map((set) => {
      const entries = Object.entries(set);
      for (const [k] of entries) if (!keys.includes(k)) throw new Error(`"${k}" is not a key of this series query (${keys.join(', ')})`);
      params.push(...entries.map(([, v]) => v));
      return entries.length ? `(${entries.map(([k]) => `COALESCE(CAST(${col(k)} AS VARCHAR), '') = ?`).join(' AND ')})` : 'TRUE';
    });
    conds.push(alts.length ? `(${alts.join(' OR ')})` : 'FALSE');
  }
  const seriesCols = [...keys.map((k) => ident('k_' + k)), 'currency'];
  const scopeSql = src.scope.length ? `concat_ws('|', ${src.scope.map((c) => `COALESCE(CAST(${ident(c)} AS VARCHAR), '')`).join(', ')})` : `''`;
  const bucketSql =
    `SELECT ${[...keySql, `${cur} AS currency`, `date_trunc('${bucket}', ${rel.time}) AS b`, `${scopeSql} AS scope`, `SUM(${rel.measure}) AS total`].join(', ')} ` +
    `FROM ${rel.from} WHERE ${conds.join(' AND ')} GROUP BY ${[...seriesCols, 'b', 'scope'].join(', ')}`;
  // One row per series in one scan: its buckets as "epoch ms total" pairs (in any order: each lands at its
  // own index; the exact decimal text DuckDB prints is the Row contract's, values.ts) and the scopes of its
  // rows. A few thousand rows cross to JS, not one per bucket.
  const sql =
    `SELECT ${seriesCols.join(', ')}, string_agg(CAST(epoch_ms(b) AS VARCHAR) || ' ' || CAST(total AS VARCHAR), ',') AS points, ` +
    `list_distinct(flatten(list(scopes))) AS scopes FROM (` +
    `SELECT ${seriesCols.join(', ')}, b, SUM(total) AS total, list(scope) AS scopes FROM (${bucketSql}) GROUP BY ${[...seriesCols, 'b'].join(', ')}` +
    `) GROUP BY ${seriesCols.join(', ')} ORDER BY ${seriesCols.join(', ')}`;
  const rows = await engine.query(sql, params);
  if (!rows.length) return [];
  // The files of every scope: coverage belongs to the files, not to one series.
  const files = await engine.query(
    `SELECT ${scopeSql} AS scope, date_trunc('${bucket}', MIN(${rel.firstAt})) AS c0, date_trunc('${bucket}', MAX(${rel.lastAt})) AS c1 ` +
      `FROM ${rel.table} WHERE ${timeConds.join(' AND ')} GROUP BY scope, COALESCE(source_file, '') ORDER BY scope, c0`,
    timeParams,
  );
  const step = STEP[bucket];
  const minT = Math.min(...files.map((f) => Date.parse(String(f.c0))));
  const index = (v: unknown) => Math.round((Date.parse(String(v)) - minT) / step);
  const spans: ScopeSpan[] = files.map((f) => ({ scope: String(f.scope), first: index(f.c0), last: index(f.c1) }));
  const seriesId = (r: Record<string, unknown>) => {
    const id = keys.map((k) => `${k}=${String(r['k_' + k])}`).join('|');
    return `${q.source}|${id}${r.currency ? `|currency=${String(r.currency)}` : ''}`;
  };
  const scopes = new Map<string, Set<string>>();
  for (const r of rows) {
    const id = seriesId(r);
    if (!scopes.has(id)) scopes.set(id, new Set());
    for (const scope of r.scopes as string[]) scopes.get(id)!.add(String(scope));
  }
  const groups = new Map<string, { dims: Record<string, string>; currency: string; totals: Map<number, string> }>();
  for (const r of rows) {
    const id = seriesId(r);
    let g = groups.get(id);
    if (!g) {
      const dims: Record<string, string> = {};
      for (const k of keys) dims[k] = String(r['k_' + k]);
      g = { dims, currency: String(r.currency), totals: new Map() };
      groups.set(id, g);
    }
    for (const point of String(r.points).split(',')) {
      const sp = point.indexOf(' ');
      g.totals.set(Math.round((Number(point.slice(0, sp)) - minT) / step), point.slice(sp + 1));
    }
  }
  const money = src.currency !== null;
  const out: SeriesInput[] = [];
  for (const [key, g] of groups) {
    const mine = scopes.get(key) ?? new Set<string>();
    const segments = coverageSegments(
      spans.filter((s) => mine.has(s.scope)),
      MAX_GAP_BUCKETS[bucket],
    );
    for (const seg of segments) {
      const missing = new Set(seg.missing);
      const timeline: number[] = [];
      const values: number[] = [];
      const amounts: string[] = [];
      for (let i = seg.first; i <= seg.last; i++) {
        timeline.push(minT + i * step);
        const total = g.totals.get(i);
        values.push(missing.has(i) ? NaN : total === undefined ? 0 : Number(total));
        amounts.push(total ?? '0');
      }
      // One segment keeps the series' own key; several are told apart by where each starts.
      const segKey = segments.length > 1 ? `${key}|from=${new Date(timeline[0]).toISOString().slice(0, bucket === 'day' ? 10 : 13)}` : key;
      out.push({
        key: segKey,
        dimensions: g.dims,
        timestampsMs: timeline,
        values,
        amounts: money ? amounts : undefined,
        currency: money && g.currency ? g.currency : null,
      });
    }
  }
  return out;
}

/** Where a series' rows come from: the relation, its time, measure and key columns, and the coverage of its files. */
interface SeriesRelation {
  from: string;
  params: SqlValue[];
  col: (k: string) => string;
  time: string;
  measure: string;
  /** The table whose files give the coverage, and each row's first and last instant there. */
  table: string;
  firstAt: string;
  lastAt: string;
}

/** The canonical table itself, one row per line or event; tag and property keys join one derived column each. */
function eventRelation(q: SeriesQuery, keys: string[], measure: string, extra: (k: string) => boolean): SeriesRelation {
  const src = SOURCES[q.source];
  // Tag keys join one derived column each; property keys are columns computed in the scan of the events
  // (no self-join). A tag's name is bound; a property's pattern is a quoted literal, since DuckDB-wasm
  // compiles a bound pattern again for every row (20x slower).
  const derived = [...new Set([...keys, ...Object.keys(q.where ?? {})].filter(extra))];
  const joins = derived.flatMap((k, i) =>
    isTagKey(k) ? [`LEFT JOIN cost_tags ${ident('d' + i)} ON ${ident('d' + i)}.line_id = s.x_line_id AND ${ident('d' + i)}.key = ?`] : [],
  );
  const props = derived.flatMap((k, i) =>
    isTagKey(k) ? [] : [`NULLIF(regexp_extract(properties, ${propertyPatternSql(k)}, 1), '') AS ${ident('__prop ' + i)}`],
  );
  const table = props.length ? `(SELECT *, ${props.join(', ')} FROM ${ident(src.table)})` : ident(src.table);
  const time = ident(src.time);
  return {
    from: [`${table} s`, ...joins].join(' '),
    params: derived.filter(isTagKey).map((k) => k.slice(TAG.length)),
    col: (k) =>
      !derived.includes(k)
        ? `s.${ident(k)}`
        : isTagKey(k)
          ? `${ident('d' + derived.indexOf(k))}.value`
          : `s.${ident('__prop ' + derived.indexOf(k))}`,
    time,
    measure: ident(measure),
    table: ident(src.table),
    firstAt: time,
    lastAt: src.coverageEnd ? `GREATEST(${time}, COALESCE(${src.coverageEnd}, ${time}))` : time,
  };
}

/** The series a warehouse staged per day (usage-series-staged.ts, cost-series-staged.ts): sums of daily sums, the same exact totals as over the rows. */
function stagedRelation(q: SeriesQuery, keys: string[], measure: string, bucket: Bucket, propertyKeys: readonly string[]): SeriesRelation {
  if (bucket !== 'day' || q.from || q.to)
    throw new Error(`${q.source} series staged by a warehouse are daily over the whole range: no hourly buckets or time bounds`);
  if (q.source === 'cost') return stagedCostRelation(q, keys, measure);
  if (q.source !== 'usage') throw new Error(`${q.source} series are not staged by a warehouse`);
  const col = (k: string) => {
    if (!isPropertyKey(k)) return `s.${ident(k)}`;
    const i = propertyKeys.indexOf(k);
    if (i < 0) throw new Error(`"${k}" was not staged by the warehouse (staged: ${propertyKeys.join(', ') || 'none'})`);
    return `s.${propertyColumn(i)}`;
  };
  const table = q.staged?.table ?? USAGE_SERIES_TABLE;
  return {
    from: `${table} s`,
    params: [],
    col,
    time: 'day',
    measure: 'total',
    table,
    firstAt: 'first_ts',
    lastAt: 'last_ts',
  };
}

/** Daily BilledCost per service, split by at most one root-cause key (its own rows of the staged table). */
function stagedCostRelation(q: SeriesQuery, keys: string[], measure: string): SeriesRelation {
  if (measure !== SOURCES.cost.defaultMeasure)
    throw new Error(`cost series staged by a warehouse sum ${SOURCES.cost.defaultMeasure} only, not ${measure}`);
  const split = [...new Set([...keys, ...Object.keys(q.where ?? {})])].filter((k) => k !== COST_SERIES_KEY);
  if (split.length > 1 || !keys.includes(COST_SERIES_KEY))
    throw new Error(`cost series staged by a warehouse are per ${COST_SERIES_KEY}, split by at most one key (asked: ${keys.join(', ')})`);
  const dim = split[0] ?? '';
  if (dim && !isTagKey(dim) && !(COST_ROOT_CAUSES as readonly string[]).includes(dim))
    throw new Error(`"${dim}" was not staged by the warehouse (staged: ${COST_ROOT_CAUSES.join(', ')} and the most common tag keys)`);
  const base = `(SELECT * FROM ${COST_SERIES_TABLE} WHERE dim = '')`;
  return {
    from: `(SELECT * FROM ${COST_SERIES_TABLE} WHERE dim = ?) s`,
    params: [dim],
    col: (k) => (k === COST_SERIES_KEY ? `s.${ident(k)}` : 's.value'),
    time: 'day',
    measure: 'total',
    // Every split holds every line; the unsplit rows give the files' coverage once.
    table: base,
    firstAt: 'first_ts',
    lastAt: 'last_ts',
  };
}
