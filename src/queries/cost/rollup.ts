/**
 * Daily rollups for the cost explorer: cost lines summed per charge day, currency and the
 * dimensions a view groups and filters by (tags joined once, here). Every explorer question then
 * reads a few thousand rows instead of every cost line; a range, granularity, metric or filter
 * value change reuses the rollup. Sums stay exact (DECIMAL(38,18) sums of sums) and spans are
 * whole UTC days, so each answer is the one the cost lines give (test/unit/queries/cost-rollup.test.ts).
 */
import { ident } from '../../engine/sql';
import { displayNamesOf } from '../../model/display-names';
import { displayNameSql } from '../display-names';
import { defineQuery, type Query } from '../query';
import { dimensionJoins, dimensionKey, GROUPABLE_COLUMNS, parseDimensionKey, rollupColumn, type Dimension, type Rollup } from './dimensions';

/** The dimensions of a view, each once, in a stable order (the rollup's identity). */
export function rollupKeys(dims: readonly Dimension[]): string[] {
  return [...new Set(dims.map(dimensionKey))].sort();
}

/** FNV-1a of the text, hex: a short table-name token for a set of dimension keys. */
function token(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/** The rollup of these dimensions for one data version (a new load gives new tables). */
export function rollupFor(dims: readonly Dimension[], version: number): Rollup {
  const keys = rollupKeys(dims);
  return { table: `__explorer_rollup_${version}_${token(keys.join('\u0000'))}`, keys };
}

/**
 * Builds the rollup (a no-op when it exists) from the cost lines, or from a wider rollup that
 * holds all its dimensions (a few thousand rows instead of every line). From the lines, it groups
 * by the source values first and gives the display names to those groups (AmazonS3 and "Amazon
 * Simple Storage Service" then meet in the outer sum): one CASE per group, not per line.
 */
export function buildRollup(dims: readonly Dimension[], r: Rollup, from?: Rollup): Query<{ Count: number }> {
  const unique = r.keys.map((k) => dims.find((d) => dimensionKey(d) === k)!);
  const j = dimensionJoins(unique, from);
  const col = (d: Dimension) => ident(rollupColumn(d));
  const daily = (value: (d: Dimension) => string, lines: string) =>
    `SELECT CAST(date_trunc('day', c.ChargePeriodStart) AS TIMESTAMP) AS ChargePeriodStart, c.BillingCurrency AS BillingCurrency,
            ${unique.map((d) => `${value(d)} AS ${col(d)}, `).join('')}sum(c.BilledCost) AS BilledCost, sum(c.EffectiveCost) AS EffectiveCost, CAST(${lines} AS BIGINT) AS x_lines
     FROM ${j.from.sql} GROUP BY ALL`;
  const named = unique.filter((d) => d.kind === 'column' && displayNamesOf(d.name));
  const sql =
    from || named.length === 0
      ? daily(j.expr, j.lines)
      : `SELECT ChargePeriodStart, BillingCurrency, ${unique.map((d) => `${d.kind === 'column' ? displayNameSql(d.name, col(d)) : col(d)} AS ${col(d)}, `).join('')}
                sum(BilledCost) AS BilledCost, sum(EffectiveCost) AS EffectiveCost, CAST(sum(x_lines) AS BIGINT) AS x_lines
         FROM (${daily(j.raw, j.lines)}) GROUP BY ALL`;
  return defineQuery('cost/rollup', `CREATE TEMP TABLE IF NOT EXISTS ${ident(r.table)} AS ${sql}`, j.from.params);
}

/** Dimensions with at most this many values go into the wide rollup. */
export const WIDE_MAX_VALUES = 1000;
/** Tag keys the wide rollup joins at most (the most used first). */
export const WIDE_MAX_TAGS = 8;

export type CardinalityRow = { dimension: string; n: number };

/** Approximate distinct values of every groupable column and tag key (one pass over each table). */
export function dimensionCardinalities(): Query<CardinalityRow> {
  const cols = GROUPABLE_COLUMNS.map((c) => `approx_count_distinct(${ident(c)}) AS ${ident(`column:${c}`)}`).join(', ');
  return defineQuery(
    'cost/cardinalities',
    `SELECT dimension, CAST(n AS BIGINT) AS n FROM (UNPIVOT (SELECT ${cols} FROM cost_lines) ON COLUMNS(*) INTO NAME dimension VALUE n)
     UNION ALL SELECT * FROM (SELECT 'tag:' || key, CAST(approx_count_distinct(value) AS BIGINT) FROM cost_tags GROUP BY key ORDER BY count(*) DESC LIMIT ${WIDE_MAX_TAGS})`,
  );
}

/**
 * The wide rollup of a data version: every dimension with few values (per `cardinalities`), so
 * the rollup of any view over them is built from it in milliseconds, not from the lines.
 */
export function wideRollup(cardinalities: readonly CardinalityRow[], version: number): { rollup: Rollup; dims: Dimension[] } {
  const dims = cardinalities
    .filter((c) => c.n <= WIDE_MAX_VALUES)
    .map((c) => parseDimensionKey(c.dimension))
    .filter((d): d is Dimension => d !== null);
  return { rollup: { table: `__explorer_rollup_${version}_wide`, keys: rollupKeys(dims) }, dims };
}

/** Rows of a rollup table and cost lines: a wide rollup about as long as the lines is not worth keeping. */
export function rollupSize(r: Rollup): Query<{ rows: number; lines: number }> {
  return defineQuery(
    'cost/rollup-size',
    `SELECT CAST(count(*) AS BIGINT) AS rows, CAST((SELECT count(*) FROM cost_lines) AS BIGINT) AS lines FROM ${ident(r.table)}`,
  );
}

export type RollupTableRow = { name: string };

/** The explorer's rollup tables (to drop those of older data versions). */
export function rollupTables(): Query<RollupTableRow> {
  return defineQuery('cost/rollups', `SELECT table_name AS name FROM duckdb_tables() WHERE temporary AND table_name LIKE '__explorer_rollup_%'`);
}
