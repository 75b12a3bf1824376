/**
 * The usage anomaly series pushed down (analysis/anomaly/usage-series-staged.ts): the property
 * keys chosen on the file run's sample (the first events by source file and row; the same RE2
 * patterns), then the events' quantity per customer × SKU × source × source file × day × those
 * keys' values, with each group's first and last instant. Bound parameters, ArrowStream results.
 */
import { jsonMemberPattern } from '../engine/sql-json';
import {
  MAX_PROPERTY_KEYS,
  PROPERTY_NAME_RE,
  PROPERTY_SAMPLE,
  PROPERTY_SAMPLE_ORDER_SQL,
  propertyColumn,
} from '../analysis/anomaly/usage-series-staged';
import { canonicalView } from './clickhouse-sql';
import type { WarehouseSource } from './settings';

const sample = (source: WarehouseSource) =>
  `(SELECT properties FROM ${canonicalView(source, 'usage_events')} WHERE properties IS NOT NULL ORDER BY ${PROPERTY_SAMPLE_ORDER_SQL} LIMIT ${PROPERTY_SAMPLE})`;

/** The most common property names in the sample (rank order, at most MAX_PROPERTY_KEYS): `name`. */
export function propertyNamesSql(source: WarehouseSource): { sql: string; params: Record<string, unknown> } {
  return {
    sql: `SELECT k AS name FROM (SELECT arrayJoin(extractAll(assumeNotNull(properties), {name_re:String})) AS k FROM ${sample(source)})
      GROUP BY k ORDER BY count() DESC, k ASC LIMIT ${MAX_PROPERTY_KEYS}`,
    params: { name_re: PROPERTY_NAME_RE },
  };
}

/** How many values each named property takes in the sample: `n0`, `n1`… in the names' order. */
export function propertyValueCountsSql(source: WarehouseSource, names: readonly string[]): { sql: string; params: Record<string, unknown> } {
  const params = Object.fromEntries(names.map((n, i) => [`v${i}`, jsonMemberPattern(n, 'scalar')]));
  const counts = names.map((_, i) => `toInt64(uniqExact(extract(assumeNotNull(properties), {v${i}:String}))) AS n${i}`);
  return { sql: `SELECT ${counts.join(', ')} FROM ${sample(source)}`, params };
}

/** The daily groups the staged usage series read; `keys` are the property names kept (rank order). */
export function usageSeriesSql(source: WarehouseSource, keys: readonly string[]): { sql: string; params: Record<string, unknown> } {
  const params = Object.fromEntries(keys.map((n, i) => [`p${i}`, jsonMemberPattern(n, 'scalar')]));
  const props = Array.from({ length: MAX_PROPERTY_KEYS }, (_, i) =>
    i < keys.length
      ? `nullIf(extract(ifNull(e_props, ''), {p${i}:String}), '') AS ${propertyColumn(i)}`
      : `CAST(NULL AS Nullable(String)) AS ${propertyColumn(i)}`,
  );
  const stamp = (e: string) => `formatDateTime(${e}, '%Y-%m-%d %H:%i:%S.%f', 'UTC')`;
  // Inner names differ from the outer ones: a ClickHouse alias would otherwise shadow the column it is made from.
  const sql = `SELECT coalesce(e_cust, '') AS customer_id, coalesce(e_sku, '') AS sku, coalesce(e_source, '') AS source, coalesce(e_file, '') AS source_file,
      concat(toString(toDate(e_ts)), ' 00:00:00') AS day, if(count(e_q) = 0, NULL, sum(e_q)) AS total, ${stamp('min(e_ts)')} AS first_ts, ${stamp('max(e_ts)')} AS last_ts,
      ${props.join(', ')}
    FROM (SELECT customer_id AS e_cust, sku AS e_sku, source AS e_source, source_file AS e_file, assumeNotNull(ts) AS e_ts, quantity AS e_q, properties AS e_props
      FROM ${canonicalView(source, 'usage_events')} WHERE ts IS NOT NULL)
    GROUP BY customer_id, sku, source, source_file, day, ${props.map((_, i) => propertyColumn(i)).join(', ')}`;
  return { sql, params };
}
