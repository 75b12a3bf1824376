/**
 * The usage anomaly series as a warehouse hands them over: daily quantity per customer × SKU ×
 * event source × source file × values of the event properties that explain a finding, with the
 * first and last instant of each group (what the series' coverage needs). series-sql.ts reads
 * these instead of single events when a run's usage was staged (src/warehouse computes them where
 * the events live); the property keys are chosen on the same sample the file run draws.
 */
import { createTempTables } from '../../engine/ddl';
import type { Engine } from '../../engine/engine';
import { jsonMemberPattern } from '../../engine/sql-json';
import { literal } from '../../engine/sql';

/** Property keys tried as root causes, most common first (cost tag keys: the same budget). */
export const MAX_PROPERTY_KEYS = 6;
/** A property with more values than this in the sample is a measure (the quantity, a request id), not a category. */
export const MAX_CATEGORY_VALUES = 50;
/** Events sampled for the property keys, first by where they came from (never by load order). */
export const PROPERTY_SAMPLE = 10_000;
export const PROPERTY_SAMPLE_ORDER_SQL = 'source_file ASC NULLS LAST, source_row ASC NULLS LAST';
/** A JSON member with a scalar value (group 1: its name); RE2 in DuckDB and ClickHouse alike. */
export const PROPERTY_NAME_RE = '"([A-Za-z0-9_.-]{1,64})"\\s*:\\s*(?:"[^"]*"|[-0-9.eEtruefalsn]+)\\s*[,}]';

export const USAGE_SERIES_TABLE = '__us_daily';
export const USAGE_SERIES_KEYS_TABLE = '__us_props';
/** Column of the staged value of the i-th property key (0-based). */
export const propertyColumn = (i: number): string => `p${i + 1}`;

/** Column types of the staged tables, so a pushdown's Arrow lands in the same shape. */
export const USAGE_SERIES_DDL = {
  [USAGE_SERIES_TABLE]: `customer_id VARCHAR, sku VARCHAR, source VARCHAR, source_file VARCHAR, day TIMESTAMP, total DECIMAL(38,18), first_ts TIMESTAMP, last_ts TIMESTAMP, ${Array.from(
    { length: MAX_PROPERTY_KEYS },
    (_, i) => `${propertyColumn(i)} VARCHAR`,
  ).join(', ')}`,
  [USAGE_SERIES_KEYS_TABLE]: 'pos BIGINT, name VARCHAR',
} as const;

export async function createUsageSeriesTables(engine: Engine): Promise<void> {
  await createTempTables(engine, USAGE_SERIES_DDL);
}

/** The staged property keys in their rank order (`prop:<name>`). */
export async function stagedPropertyKeys(engine: Engine): Promise<string[]> {
  const rows = await engine.query<{ name: string }>(`SELECT name FROM ${USAGE_SERIES_KEYS_TABLE} ORDER BY pos`);
  return rows.map((r) => 'prop:' + r.name);
}

/** The pattern of a property key's (`prop:<name>`) value, as a SQL literal: DuckDB-wasm compiles a bound pattern again for every row. */
export function propertyPatternSql(key: string): string {
  return literal(jsonMemberPattern(key.slice('prop:'.length), 'scalar'));
}

/** The same daily groups staged in the local engine from usage_events (a file run): one scan, each property read once per event. */
export const LOCAL_USAGE_SERIES_TABLE = '__us_daily_local';

/**
 * Stages the daily groups of usage-series-staged.ts from the loaded events, with one column per
 * property key (`prop:<name>`, in this order: propertyColumn(i)), so every usage series of a run
 * (the series, their coverage, their root-cause splits) reads these groups instead of the events.
 * Sums of daily sums are the same exact totals as over the events; groups keep NULL keys and NULL
 * totals, so coverage still counts events without a quantity. `byText`: the events repeat a few
 * property texts, so they are grouped by their text first and each text is read once per group,
 * not once per event (the same groups; slower where the texts are mostly distinct).
 */
export async function stageUsageSeriesLocally(engine: Engine, propertyKeys: readonly string[], opts: { byText?: boolean } = {}): Promise<string> {
  const props = propertyKeys.map((k, i) => `NULLIF(regexp_extract(properties, ${propertyPatternSql(k)}, 1), '') AS ${propertyColumn(i)}`);
  const keys = 'customer_id, sku, source, source_file';
  const sql =
    opts.byText && props.length
      ? `SELECT ${keys}, day, SUM(total) AS total, MIN(first_ts) AS first_ts, MAX(last_ts) AS last_ts, ${props.join(', ')}
         FROM (SELECT ${keys}, date_trunc('day', ts) AS day, properties, SUM(quantity) AS total, MIN(ts) AS first_ts, MAX(ts) AS last_ts
               FROM usage_events WHERE ts IS NOT NULL GROUP BY ALL)
         GROUP BY ALL`
      : `SELECT ${keys}, date_trunc('day', ts) AS day, SUM(quantity) AS total, MIN(ts) AS first_ts, MAX(ts) AS last_ts
           ${propertyKeys.map((_, i) => `, ${propertyColumn(i)}`).join('')}
         FROM (SELECT ${keys}, ts, quantity${props.map((p) => ', ' + p).join('')} FROM usage_events WHERE ts IS NOT NULL)
         GROUP BY ALL`;
  await engine.exec(`CREATE OR REPLACE TEMP TABLE ${LOCAL_USAGE_SERIES_TABLE} AS ${sql}`);
  return LOCAL_USAGE_SERIES_TABLE;
}

export async function dropLocalUsageSeries(engine: Engine): Promise<void> {
  await engine.exec(`DROP TABLE IF EXISTS ${LOCAL_USAGE_SERIES_TABLE}`);
}
