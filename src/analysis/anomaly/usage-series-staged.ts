/**
 * The usage anomaly series as a warehouse hands them over: daily quantity per customer × SKU ×
 * event source × source file × values of the event properties that explain a finding, with the
 * first and last instant of each group (what the series' coverage needs). series-sql.ts reads
 * these instead of single events when a run's usage was staged (src/warehouse computes them where
 * the events live); the property keys are chosen on the same sample the file run draws.
 */
import { createTempTables } from '../../engine/ddl';
import type { Engine } from '../../engine/engine';

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
