/**
 * The cost side pushed down, in ClickHouse SQL: the aggregates of reconcile/cost-staging.ts (cost
 * per SKU tag × customer tag × currency × charge day, the provider check's groups, BilledCost per
 * sub-account × region × charge start) and the cost anomaly series of anomaly/cost-series-staged.ts,
 * computed where the cost lines live. Tags are read as the local ingest reads them (ingest/tags.ts):
 * a FOCUS `Tags` JSON object split into members by the same pattern (engine/sql-json.ts), keys and
 * string values unescaped the same way, `null` -> NULL, bare literals kept as written; a
 * Map(String, String) column taken entry by entry; or a mapped cost_tags table joined on x_line_id.
 * Money is Decimal(38,18) end to end; values are bound as {name:Type} parameters.
 */
import { JSON_MEMBER_RE, JSON_STRING_ESCAPES } from '../engine/sql-json';
import { UserError } from '../model/errors';
import type { BillingConfig } from '../model/mappings';
import { COST_ROOT_CAUSES, COST_SERIES_KEY, MAX_TAG_KEYS } from '../analysis/anomaly/cost-series-staged';
import { COST_ALLOC_TABLE, COST_PROVIDER_TABLE, COST_REGIONS_TABLE } from '../analysis/reconcile/cost-staging';
import { chIdent } from './clickhouse-sql';
import type { TableMapping, WarehouseSource } from './settings';

/** How the warehouse holds a line's tags. */
export type TagStorage = 'json' | 'map' | 'table';

/** The cost line columns the aggregates read, with their ClickHouse types (as canonicalView casts them). */
const COLUMNS: Record<string, string> = {
  ChargePeriodStart: "Nullable(DateTime64(6, 'UTC'))",
  ChargePeriodEnd: "Nullable(DateTime64(6, 'UTC'))",
  BillingPeriodStart: "Nullable(DateTime64(6, 'UTC'))",
  BillingCurrency: 'Nullable(String)',
  BilledCost: 'Nullable(Decimal(38, 18))',
  EffectiveCost: 'Nullable(Decimal(38, 18))',
  BillingAccountId: 'Nullable(String)',
  InvoiceId: 'Nullable(String)',
  ChargeCategory: 'Nullable(String)',
  ChargeClass: 'Nullable(String)',
  ServiceName: 'Nullable(String)',
  ProviderName: 'Nullable(String)',
  SubAccountId: 'Nullable(String)',
  RegionId: 'Nullable(String)',
  SkuId: 'Nullable(String)',
  ResourceId: 'Nullable(String)',
  source_file: 'Nullable(String)',
};

const chString = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** engine/sql-json.ts jsonUnescapeSql in ClickHouse: its escape list, in the same order. */
function unescapeSql(e: string): string {
  let x = `replaceAll(${e}, ${chString('\\\\')}, char(1))`;
  for (const [from, code] of JSON_STRING_ESCAPES) x = `replaceAll(${x}, ${chString(from)}, char(${code}))`;
  return `if(position(${e}, ${chString('\\')}) > 0, replaceAll(${x}, char(1), ${chString('\\')}), ${e})`;
}

/** A line's tags as Array(Tuple(String, Nullable(String))), in the order the local explode gives them. */
function tagsSql(storage: TagStorage, tagsCol: string): string {
  if (storage === 'map') return `arrayZip(mapKeys(${tagsCol}), CAST(mapValues(${tagsCol}) AS Array(Nullable(String))))`;
  if (storage === 'table') return `__line_tags`;
  const value = `if(m[2] = 'null', NULL, if(startsWith(m[2], '"'), ${unescapeSql('substring(m[2], 2, length(m[2]) - 2)')}, m[2]))`;
  return `arrayMap(m -> tuple(${unescapeSql('m[1]')}, CAST(${value} AS Nullable(String))), extractAllGroups(if(${tagsCol} = '{}', '', ifNull(${tagsCol}, '')), {member_re:String}))`;
}

/** The cost lines as a subquery: the columns the aggregates read, typed as ours, and `tags`. */
function linesView(source: WarehouseSource, storage: TagStorage, extra: Record<string, string> = {}): string {
  const m: TableMapping = source.tables.cost_lines ?? { table: 'cost_lines' };
  const col = (name: string) => chIdent(m.columns?.[name] ?? name);
  const cols = Object.entries({ ...COLUMNS, ...extra }).map(([name, type]) => `CAST(c.${col(name)} AS ${type}) AS ${chIdent(name)}`);
  const from = `${chIdent(source.database)}.${chIdent(m.table)} c`;
  if (storage !== 'table') return `(SELECT ${cols.join(', ')}, ${tagsSql(storage, `c.${col('Tags')}`)} AS tags FROM ${from})`;
  const t: TableMapping = source.tables.cost_tags!;
  const tc = (name: string) => chIdent(t.columns?.[name] ?? name);
  // One row per line: its cost_tags rows gathered, as the local joins on line_id see them.
  const perLine = `(SELECT CAST(${tc('line_id')} AS Nullable(Int64)) AS __line_id, groupArray(tuple(CAST(${tc('key')} AS String), CAST(${tc('value')} AS Nullable(String)))) AS __line_tags
    FROM ${chIdent(source.database)}.${chIdent(t.table)} GROUP BY __line_id)`;
  return `(SELECT ${cols.join(', ')}, ${tagsSql('table', '')} AS tags FROM ${from} LEFT JOIN ${perLine} t ON t.__line_id = CAST(c.${col('x_line_id')} AS Nullable(Int64)))`;
}

/** How a source's cost lines carry their tags: a mapped cost_tags table, else the Tags column's type decides. */
export function tagStorageSql(source: WarehouseSource): { sql: string; params: Record<string, unknown> } | null {
  if (source.tables.cost_tags) return null;
  const m = source.tables.cost_lines ?? { table: 'cost_lines' };
  return {
    sql: `SELECT type FROM system.columns WHERE database = {db:String} AND table = {t:String} AND name = {c:String}`,
    params: { db: source.database, t: m.table, c: m.columns?.Tags ?? 'Tags' },
  };
}

/** The storage a Tags column's ClickHouse type stands for; refused when it is neither JSON text nor a string map. */
export function tagStorageOf(source: WarehouseSource, type: string | undefined): TagStorage {
  const m = source.tables.cost_lines ?? { table: 'cost_lines' };
  const where = `${source.database}.${m.table}.${m.columns?.Tags ?? 'Tags'}`;
  if (type === undefined)
    throw new UserError(`${where}: no such column (expected the FOCUS Tags column, or map cost_tags to a table)`, { file: where });
  const t = type.replace(/^Nullable\((.*)\)$/, '$1').replace(/^LowCardinality\((.*)\)$/, '$1');
  if (/^(Nullable\()?String\)?$/.test(t) || /^FixedString\(/.test(t)) return 'json';
  if (/^Map\((LowCardinality\()?String\)?, (Nullable\()?(LowCardinality\()?String\)?\)?\)$/.test(t)) return 'map';
  throw new UserError(`${where}: expected Tags as JSON text (String) or Map(String, String), got ${type}`, {
    file: where,
    expected: 'String or Map(String, String)',
  });
}

/** The first configured tag key present with a value (cost-staging.ts: arg_min by the key's position), NULL when none. */
const firstTagSql = (keys: string) =>
  `arrayElement(arraySort(t -> indexOf({${keys}:Array(String)}, t.1), arrayFilter(t -> has({${keys}:Array(String)}, t.1) AND ifNull(t.2, '') <> '', tags)), 1).2`;

export interface CostQuery {
  target: typeof COST_ALLOC_TABLE | typeof COST_PROVIDER_TABLE | typeof COST_REGIONS_TABLE;
  sql: string;
}

/** Every pushdown query of the cost aggregates; each returns flat Arrow columns. */
export function costAggregateQueries(source: WarehouseSource, storage: TagStorage): CostQuery[] {
  const lines = linesView(source, storage);
  const stamp = (e: string) => `formatDateTime(${e}, '%Y-%m-%d %H:%i:%S.%f', 'UTC')`;
  return [
    {
      target: COST_ALLOC_TABLE,
      // SKU aliases apply to a tag value that is there (the local LEFT JOIN on __rc_alias); '' is the untagged, shared cost.
      sql: `SELECT if(isNotNull(t_sku) AND has({alias_from:Array(String)}, ifNull(t_sku, '')), arrayElement({alias_to:Array(String)}, indexOf({alias_from:Array(String)}, ifNull(t_sku, ''))), ifNull(t_sku, '')) AS sku,
          ifNull(t_cust, '') AS cust, BillingCurrency AS currency, toDate(ChargePeriodStart) AS day,
          sum(coalesce(EffectiveCost, BilledCost, toDecimal128(0, 18))) AS cost
        FROM (SELECT *, ${firstTagSql('sku_keys')} AS t_sku, ${firstTagSql('cust_keys')} AS t_cust FROM ${lines} WHERE BillingCurrency IS NOT NULL)
        GROUP BY sku, cust, currency, day`,
    },
    {
      target: COST_PROVIDER_TABLE,
      sql: `SELECT ifNull(BillingAccountId, '') AS acct, ifNull(InvoiceId, '') AS inv, ifNull(formatDateTime(BillingPeriodStart, '%Y-%m', 'UTC'), '') AS bp,
          BillingCurrency AS cur, ifNull(ChargeCategory, '') AS cat, ifNull(ChargeClass, '') AS cls, toInt64(count()) AS n,
          sum(ifNull(BilledCost, toDecimal128(0, 18))) AS billed, sum(ifNull(EffectiveCost, toDecimal128(0, 18))) AS eff
        FROM ${lines} WHERE BillingCurrency IS NOT NULL GROUP BY acct, inv, bp, cur, cat, cls`,
    },
    {
      // Only the rows the rule keeps (an account, a region, a time); sums per charge start lose nothing it reads.
      target: COST_REGIONS_TABLE,
      sql: `SELECT SubAccountId AS acct, RegionId AS v, ${stamp('ChargePeriodStart')} AS ts, BillingCurrency AS cur, if(count(BilledCost) = 0, NULL, sum(BilledCost)) AS q
        FROM ${lines} WHERE SubAccountId IS NOT NULL AND SubAccountId <> '' AND RegionId IS NOT NULL AND ChargePeriodStart IS NOT NULL
        GROUP BY SubAccountId, RegionId, ChargePeriodStart, BillingCurrency`,
    },
  ];
}

/** The bound values of the cost queries: tag keys from the config, SKU aliases as two parallel arrays, the member pattern. */
export function costParams(cfg: BillingConfig): Record<string, unknown> {
  return {
    sku_keys: cfg.costTags.sku,
    cust_keys: cfg.costTags.customer,
    alias_from: Object.keys(cfg.skuAliases),
    alias_to: Object.values(cfg.skuAliases),
    member_re: JSON_MEMBER_RE,
  };
}

/** The most common tag keys over all lines (detect-all.ts ranks cost_tags so): `key`, rank order. */
export function costTagKeysSql(source: WarehouseSource, storage: TagStorage): string {
  if (storage === 'table') {
    const t = source.tables.cost_tags!;
    return `SELECT CAST(${chIdent(t.columns?.key ?? 'key')} AS String) AS key FROM ${chIdent(source.database)}.${chIdent(t.table)}
      GROUP BY key ORDER BY count() DESC, key ASC LIMIT ${MAX_TAG_KEYS}`;
  }
  return `SELECT k AS key FROM (SELECT arrayJoin(tags).1 AS k FROM ${linesView(source, storage)}) GROUP BY k ORDER BY count() DESC, k ASC LIMIT ${MAX_TAG_KEYS}`;
}

/** The daily cost series, unsplit and split by each root cause and each of `tagKeys` (rank order). */
export function costSeriesSql(
  source: WarehouseSource,
  storage: TagStorage,
  tagKeys: readonly string[],
): { sql: string; params: Record<string, unknown> } {
  const pair = (dim: string, value: string) => `tuple(${dim}, CAST(${value} AS Nullable(String)))`;
  const splits = [pair("''", 'NULL'), ...COST_ROOT_CAUSES.map((c) => pair(chString(c), chIdent(c)))];
  // A tag split has one row per value of the key on the line (NULL when it has none), as a LEFT JOIN on cost_tags gives.
  const tagSplits = tagKeys.map(
    (_, i) =>
      `arrayMap(v -> ${pair(`{d${i}:String}`, 'v')}, if(has(tags.1, {k${i}:String}), arrayMap(t -> t.2, arrayFilter(t -> t.1 = {k${i}:String}, tags)), [CAST(NULL AS Nullable(String))]))`,
  );
  const stamp = (e: string) => `formatDateTime(${e}, '%Y-%m-%d %H:%i:%S.%f', 'UTC')`;
  const sql = `SELECT split.1 AS dim, split.2 AS value, ${COST_SERIES_KEY}, BillingCurrency, ProviderName, BillingAccountId, source_file,
      concat(toString(toDate(ChargePeriodStart)), ' 00:00:00') AS day, if(count(BilledCost) = 0, NULL, sum(BilledCost)) AS total,
      ${stamp('min(ChargePeriodStart)')} AS first_ts,
      ${stamp('max(greatest(ChargePeriodStart, ifNull(ChargePeriodEnd - toIntervalMicrosecond(1), ChargePeriodStart)))')} AS last_ts
    FROM (SELECT *, arrayJoin(arrayConcat([${splits.join(', ')}]${tagSplits.map((t) => `, ${t}`).join('')})) AS split
      FROM ${linesView(source, storage)} WHERE ChargePeriodStart IS NOT NULL)
    GROUP BY dim, value, ${COST_SERIES_KEY}, BillingCurrency, ProviderName, BillingAccountId, source_file, day`;
  const params: Record<string, unknown> = { member_re: JSON_MEMBER_RE };
  tagKeys.forEach((k, i) => {
    params[`k${i}`] = k;
    params[`d${i}`] = 'tag:' + k;
  });
  return { sql, params };
}

/** Each line's tags as (line_id, key, value) rows, `lineColumn` naming the line (the rows cost_tags holds for files). */
export function lineTagsSql(source: WarehouseSource, storage: TagStorage, lineColumn: string): string {
  return `SELECT line_id, tag.1 AS key, tag.2 AS value FROM (SELECT ${chIdent(lineColumn)} AS line_id, arrayJoin(tags) AS tag
    FROM ${linesView(source, storage, { [lineColumn]: 'Nullable(Int64)' })})`;
}
