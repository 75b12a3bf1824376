/**
 * The pushdown queries in ClickHouse SQL: the usage aggregates (analysis/reconcile/usage-staging.ts)
 * computed where the events live, the same rules as the local staging: SKU aliases, exact
 * duplicates ranked by (source, event id) on ingestion time then source row, suspected duplicates
 * within the window (ties in the shared SUSPECT_ORDER_SQL), late events against the first invoice issued, days outside every billed
 * period. Quantities are Decimal(38,18) (Decimal128) end to end; values are bound as {name:Type}
 * parameters, identifiers quoted here; results leave as ArrowStream with flat columns.
 */
import { CANONICAL_TABLES, type CanonicalTable } from '../model/schema';
import type { PeriodGranularity } from '../model/mappings';
import { MAX_GROUP_IDS, RECONCILED_KINDS, SUSPECT_ORDER_SQL, type EVENT_GROUP_CODES } from '../analysis/reconcile/usage-staging';

type EventGroupCode = (typeof EVENT_GROUP_CODES)[number];
import type { TableMapping, WarehouseSource, WarehouseTable } from './settings';

export const chIdent = (name: string): string => '`' + name.replace(/\\/g, '\\\\').replace(/`/g, '\\`') + '`';

/** Arrow that the local engines take (apache-arrow JS reads no compressed batches): strings as Utf8, no dictionaries. */
export const ARROW_SETTINGS =
  " SETTINGS output_format_arrow_string_as_string = 1, output_format_arrow_low_cardinality_as_dictionary = 0, output_format_arrow_compression_method = 'none', join_use_nulls = 1";

const chType = (duck: string): string =>
  duck.startsWith('DECIMAL')
    ? 'Nullable(Decimal(38, 18))'
    : duck === 'TIMESTAMP'
      ? "Nullable(DateTime64(6, 'UTC'))"
      : duck === 'BIGINT'
        ? 'Nullable(Int64)'
        : duck === 'DATE'
          ? 'Nullable(Date)'
          : 'Nullable(String)';

/** ClickHouse DDL of a canonical table (tests load scenarios this way; a real warehouse maps its own). */
export function chCreateTableSql(table: CanonicalTable, database: string): string {
  return `CREATE TABLE ${chIdent(database)}.${chIdent(table)} (${CANONICAL_TABLES[table].map((c) => `${chIdent(c.name)} ${chType(c.type)}`).join(', ')}) ENGINE = MergeTree ORDER BY tuple()`;
}

/** A canonical table as a subquery over its warehouse table: mapped columns renamed and typed as ours. */
export function canonicalView(source: WarehouseSource, table: WarehouseTable): string {
  const m: TableMapping = source.tables[table] ?? { table };
  const cols = CANONICAL_TABLES[table].map((c) => `CAST(${chIdent(m.columns?.[c.name] ?? c.name)} AS ${chType(c.type)}) AS ${chIdent(c.name)}`);
  return `(SELECT ${cols.join(', ')} FROM ${chIdent(source.database)}.${chIdent(m.table)})`;
}

/** A canonical table's rows in our column order and types (timestamps as text the local engine casts back). */
export function chCanonicalRowsSql(source: WarehouseSource, table: WarehouseTable): string {
  const cols = CANONICAL_TABLES[table].map((c) =>
    c.type === 'TIMESTAMP' ? `formatDateTime(${chIdent(c.name)}, '%Y-%m-%d %H:%i:%S.%f', 'UTC') AS ${chIdent(c.name)}` : chIdent(c.name),
  );
  return `SELECT ${cols.join(', ')} FROM ${canonicalView(source, table)}`;
}

const TRUNC: Record<PeriodGranularity, (e: string) => string> = {
  month: (e) => `toStartOfMonth(${e})`,
  week: (e) => `toMonday(${e})`,
  day: (e) => `toDate(${e})`,
};
/** A period start as DuckDB writes CAST(TIMESTAMP AS VARCHAR): 'YYYY-MM-DD 00:00:00'. */
export const pstartSql = (g: PeriodGranularity, e: string) =>
  `if(${e} IS NULL, NULL, concat(toString(${TRUNC[g](`assumeNotNull(${e})`)}), ' 00:00:00'))`;
/** The period label of a 'YYYY-MM-DD ...' start: month 'YYYY-MM', ISO week 'YYYY-Www', day 'YYYY-MM-DD'. */
export const periodSql = (g: PeriodGranularity, p: string) =>
  g === 'month'
    ? `substring(${p}, 1, 7)`
    : g === 'day'
      ? `substring(${p}, 1, 10)`
      : `if(${p} IS NULL, NULL, concat(toString(toISOYear(toDate(substring(${p}, 1, 10)))), '-W', leftPad(toString(toISOWeek(toDate(substring(${p}, 1, 10)))), 2, '0')))`;

const alias = (e: string) =>
  `if(has({alias_from:Array(String)}, ifNull(${e}, '')), arrayElement({alias_to:Array(String)}, indexOf({alias_from:Array(String)}, ifNull(${e}, ''))), ${e})`;
const KINDS = `(${RECONCILED_KINDS.map((k) => `'${k}'`).join(', ')})`;

/** The staged events and invoice lines as CTEs, each ranked or resolved as the local staging does. */
function stagedCtes(source: WarehouseSource, g: PeriodGranularity): string {
  return `ev AS (
    SELECT coalesce(customer_id, '') AS cust, coalesce(${alias('sku')}, '') AS sku, event_id, source, ts, ingested_at, coalesce(quantity, toDecimal128(0, 18)) AS quantity,
      source_file, source_row, ${pstartSql(g, 'ts')} AS pstart,
      if(event_id IS NULL, 1, row_number() OVER (PARTITION BY source, event_id ORDER BY ingested_at ASC NULLS LAST, source_file, source_row)) AS dup_rank
    FROM ${canonicalView(source, 'usage_events')}),
  il AS (
    SELECT coalesce(l.customer_id, r.customer_id, '') AS cust, coalesce(${alias('coalesce(l.sku, r.sku)')}, '') AS sku,
      coalesce(l.period_start, r.period_start, l.issued_at) AS pts, coalesce(l.period_end, r.period_end, l.period_start, r.period_start, l.issued_at) AS pend,
      l.issued_at AS issued_at, coalesce(l.kind, 'fee') AS kind, ${pstartSql(g, 'coalesce(l.period_start, r.period_start, l.issued_at)')} AS pstart
    FROM ${canonicalView(source, 'invoice_lines')} l
    LEFT JOIN (SELECT line_id, any(customer_id) AS customer_id, any(sku) AS sku, any(period_start) AS period_start, any(period_end) AS period_end
      FROM ${canonicalView(source, 'invoice_lines')} WHERE line_id IS NOT NULL AND x_ref_line_id IS NULL GROUP BY line_id) r ON l.x_ref_line_id = r.line_id)`;
}

/** Which events each finding code groups (the local staging's rules). */
function findingEvents(win: number): Record<EventGroupCode, string> {
  return {
    duplicate_event: `SELECT * FROM ev WHERE dup_rank > 1`,
    suspected_duplicate: `SELECT * FROM (SELECT *, lagInFrame(toNullable(ts)) OVER w AS prev_ts, lagInFrame(toNullable(event_id)) OVER w AS prev_id,
        row_number() OVER w AS k FROM ev WHERE dup_rank = 1
        WINDOW w AS (PARTITION BY cust, sku, quantity ORDER BY ${SUSPECT_ORDER_SQL} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW))
      WHERE k > 1 AND prev_ts IS NOT NULL AND ts IS NOT NULL AND toUnixTimestamp64Milli(ts) - toUnixTimestamp64Milli(prev_ts) <= ${win}
        AND NOT (isNull(event_id) AND isNull(prev_id)) AND NOT ifNull(event_id = prev_id, 0)`,
    late_event: `SELECT e.* FROM ev e JOIN (SELECT cust, sku, pstart, min(issued_at) AS issued FROM il WHERE kind IN ${KINDS} AND issued_at IS NOT NULL GROUP BY cust, sku, pstart) i
      ON i.cust = e.cust AND i.sku = e.sku AND i.pstart = e.pstart WHERE e.dup_rank = 1 AND e.ingested_at IS NOT NULL AND e.ingested_at > i.issued`,
    outside_subscription: `SELECT * FROM ev WHERE dup_rank = 1 AND cust <> '' AND (cust, toDate(ts)) IN (
        SELECT d.cust, d.day FROM (SELECT DISTINCT cust, toDate(ts) AS day FROM ev WHERE dup_rank = 1 AND cust <> '') d
        LEFT JOIN (SELECT DISTINCT cust, toDate(pts) AS d0, toDate(pend) AS d1 FROM il WHERE cust <> '' AND kind <> 'invoice_total') c ON c.cust = d.cust
        GROUP BY d.cust, d.day HAVING countIf(d.day >= c.d0 AND d.day <= c.d1) = 0)`,
  };
}

export interface UsageQuery {
  /** Which local aggregate table its rows go to. */
  target: '__rc_metered' | '__rc_ev_groups' | '__wh_group_rows' | '__rc_ev_daily' | '__rc_ev_stats';
  sql: string;
}

/** Every pushdown query of the usage aggregates; each returns flat Arrow columns. */
export function usageAggregateQueries(source: WarehouseSource, g: PeriodGranularity, windowSeconds: number): UsageQuery[] {
  const w = `WITH ${stagedCtes(source, g)}`;
  const win = Math.max(0, Math.floor(windowSeconds)) * 1000;
  const found = Object.entries(findingEvents(win));
  const union = (cols: (code: string) => string, tail: string) =>
    found.map(([code, events]) => `SELECT ${cols(code)} FROM (${events}) ${tail}`).join(' UNION ALL ');
  return [
    {
      target: '__rc_metered',
      sql: `${w} SELECT cust, sku, pstart, ${periodSql(g, 'pstart')} AS period, sum(quantity) AS mq FROM ev WHERE dup_rank = 1 GROUP BY cust, sku, pstart`,
    },
    {
      target: '__rc_ev_groups',
      sql: `${w} ${union((c) => `'${c}' AS code, cust, sku, ${periodSql(g, 'pstart')} AS period, pstart, sum(quantity) AS q, toInt64(count()) AS n`, 'GROUP BY cust, sku, pstart')}`,
    },
    {
      // The first source rows of every group, ranked as the local staging lists them.
      target: '__wh_group_rows',
      sql: `${w} SELECT * FROM (${union((c) => `'${c}' AS code, cust, sku, pstart, event_id, source_file, source_row`, '')}) ORDER BY code, cust, sku, pstart, source_file ASC NULLS LAST, source_row ASC NULLS LAST LIMIT ${MAX_GROUP_IDS} BY code, cust, sku, pstart`,
    },
    {
      target: '__rc_ev_daily',
      sql: `${w} SELECT formatDateTime(assumeNotNull(ts), '%Y-%m-%d', 'UTC') AS day, toInt64(count()) AS n FROM ev WHERE dup_rank = 1 AND ts IS NOT NULL GROUP BY day`,
    },
    {
      target: '__rc_ev_stats',
      sql: `${w} SELECT toInt64(count()) AS events, toInt64(countIf(dup_rank > 1)) AS dups, toInt64(countIf(dup_rank = 1 AND cust = '')) AS unattributed FROM ev`,
    },
  ];
}

/** A finding's source events, bounded: its group's rows in source order, the same columns as the file drill (queries/data/source-rows.ts). */
export function findingEvidenceSql(source: WarehouseSource, g: PeriodGranularity, windowSeconds: number, code: EventGroupCode): string {
  const events = findingEvents(Math.max(0, Math.floor(windowSeconds)) * 1000)[code];
  return `WITH ${stagedCtes(source, g)} SELECT source_file, source_row, event_id, cust AS customer_id, sku,
      formatDateTime(ts, '%Y-%m-%d %H:%i:%S.%f', 'UTC') AS ts, quantity
    FROM (${events}) WHERE cust = {cust:String} AND sku = {sku:String} AND ${periodSql(g, 'pstart')} = {period:String}
    ORDER BY source_file ASC NULLS LAST, source_row ASC NULLS LAST LIMIT {limit:UInt32}`;
}

/** The bound values of the usage queries (SKU aliases as two parallel arrays). */
export function usageParams(aliases: Record<string, string>): Record<string, unknown> {
  return { alias_from: Object.keys(aliases), alias_to: Object.values(aliases) };
}
