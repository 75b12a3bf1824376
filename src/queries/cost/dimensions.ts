/**
 * What the cost explorer groups and filters by: any text column of cost_lines (FOCUS names) or
 * any tag key in cost_tags. Each dimension becomes one SQL expression over `c` (the cost line),
 * a tag through its own LEFT JOIN on cost_tags with the key bound.
 */
import type { SqlValue } from '../../engine/engine';
import { ident } from '../../engine/sql';
import { COST_LINE_COLUMNS } from '../../model/schema';
import { allOf, cond, placeholders, type Condition } from '../condition';
import { displayNameSql } from '../display-names';
import { defineQuery, type Query } from '../query';

export type Dimension = { kind: 'column'; name: string } | { kind: 'tag'; key: string };

/** Columns an analyst groups by: the text columns, less the raw tag JSON and provenance. */
export const GROUPABLE_COLUMNS: readonly string[] = COST_LINE_COLUMNS.filter(
  (c) => c.type === 'VARCHAR' && c.name !== 'Tags' && !c.name.startsWith('source_'),
).map((c) => c.name);

export function dimensionKey(d: Dimension): string {
  return d.kind === 'column' ? `column:${d.name}` : `tag:${d.key}`;
}

export function parseDimensionKey(key: string): Dimension | null {
  if (key.startsWith('column:')) {
    const name = key.slice(7);
    return GROUPABLE_COLUMNS.includes(name) ? { kind: 'column', name } : null;
  }
  return key.startsWith('tag:') && key.length > 4 ? { kind: 'tag', key: key.slice(4) } : null;
}

export function dimensionLabel(d: Dimension): string {
  return d.kind === 'column' ? d.name : `tag ${d.key}`;
}

/** What a null value of the dimension is shown as. */
export function noValueLabel(d: Dimension): string {
  return d.kind === 'tag' ? '(untagged)' : '(none)';
}

export interface DimensionFilter {
  dimension: Dimension;
  mode: 'include' | 'exclude';
  /** Values to keep or drop; null stands for lines without a value (untagged). */
  values: (string | null)[];
}

/** FROM clause with one join per tag dimension, and each dimension's expression. */
export interface DimensionJoins {
  from: Condition;
  expr: (d: Dimension) => string;
  /** The dimension's value as the source wrote it (no display name): group by it, then name the few groups. */
  raw: (d: Dimension) => string;
  /** The number of cost lines of a group. */
  lines: string;
}

/** A daily rollup of cost lines by some dimensions (src/queries/cost/rollup.ts builds it). */
export interface Rollup {
  /** The temp table holding it. */
  table: string;
  /** The dimensions it keeps, by dimensionKey. */
  keys: readonly string[];
}

/** The column of a dimension in a rollup. */
export function rollupColumn(d: Dimension): string {
  return `d:${dimensionKey(d)}`;
}

/**
 * Over the cost lines (tags joined), or over a rollup: the same column names (ChargePeriodStart at
 * the day, BillingCurrency, BilledCost, EffectiveCost), each dimension a column, lines summed.
 */
export function dimensionJoins(dims: readonly Dimension[], rollup?: Rollup): DimensionJoins {
  if (rollup) {
    const expr = (d: Dimension) => {
      if (!rollup.keys.includes(dimensionKey(d))) throw new Error(`cost explorer: the rollup lacks ${dimensionKey(d)}`);
      return `c.${ident(rollupColumn(d))}`;
    };
    for (const d of dims) expr(d);
    return { from: { sql: `${ident(rollup.table)} c`, params: [] }, expr, raw: expr, lines: 'sum(c.x_lines)' };
  }
  const tagAlias = new Map<string, string>();
  const joins: string[] = [];
  const params: SqlValue[] = [];
  for (const d of dims) {
    if (d.kind !== 'tag' || tagAlias.has(d.key)) continue;
    const alias = `tag${tagAlias.size}`;
    tagAlias.set(d.key, alias);
    joins.push(`LEFT JOIN cost_tags ${alias} ON ${alias}.line_id = c.x_line_id AND ${alias}.key = ?`);
    params.push(d.key);
  }
  const raw = (d: Dimension) => {
    if (d.kind === 'tag') return `${tagAlias.get(d.key)}.value`;
    if (!GROUPABLE_COLUMNS.includes(d.name)) throw new Error(`cost explorer: ${d.name} is not a cost column that can be grouped`);
    return `c.${ident(d.name)}`;
  };
  // Provider and service columns group under one display name whatever export wrote them.
  const expr = (d: Dimension) => (d.kind === 'tag' ? raw(d) : displayNameSql(d.name, raw(d)));
  return { from: { sql: ['cost_lines c', ...joins].join(' '), params }, expr, raw, lines: 'count(*)' };
}

/** Include or exclude filters, each as one condition (null matched with IS NULL). */
export function filterConditions(filters: readonly DimensionFilter[], expr: (d: Dimension) => string): Condition {
  return allOf(
    ...filters.map((f) => {
      const e = expr(f.dimension);
      const values = f.values.filter((v): v is string => v !== null);
      const withNull = values.length < f.values.length;
      const inList = values.length > 0 ? `${e} IN (${placeholders(values)})` : 'FALSE';
      return f.mode === 'include'
        ? cond(withNull ? `(${inList} OR ${e} IS NULL)` : inList, ...values)
        : cond(withNull ? `(${e} IS NOT NULL AND NOT (${inList}))` : `(${e} IS NULL OR NOT (${inList}))`, ...values);
    }),
  );
}

export type TagKeyRow = { key: string; lines: number };

/** Tag keys present on cost lines, most used first. */
export function costTagKeys(): Query<TagKeyRow> {
  return defineQuery('cost/tag-keys', `SELECT key, count(*) AS lines FROM cost_tags GROUP BY key ORDER BY lines DESC, key`);
}

export type DimensionValueRow = { value: string | null; lines: number };

/** The values of one dimension over all cost lines (a filter's choices), most lines first, at most 500. */
export function dimensionValues(d: Dimension): Query<DimensionValueRow> {
  const j = dimensionJoins([d]);
  return defineQuery(
    'cost/dimension-values',
    `SELECT ${j.expr(d)} AS value, count(*) AS lines FROM ${j.from.sql} GROUP BY 1 ORDER BY lines DESC, value NULLS LAST LIMIT 500`,
    j.from.params,
  );
}
