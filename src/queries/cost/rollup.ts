/**
 * Daily rollups for the cost explorer: cost lines summed per charge day, currency and the
 * dimensions a view groups and filters by (tags joined once, here). Every explorer question then
 * reads a few thousand rows instead of every cost line; a range, granularity, metric or filter
 * value change reuses the rollup. Sums stay exact (DECIMAL(38,18) sums of sums) and spans are
 * whole UTC days, so each answer is the one the cost lines give (test/unit/queries/cost-rollup.test.ts).
 */
import type { SqlValue } from '../../engine/engine';
import { ident } from '../../engine/sql';
import { addDays, daysBetween, type DaySpan } from './time-range';
import { displayNamesOf } from '../../model/display-names';
import { displayNameSql } from '../display-names';
import { defineQuery, type Query } from '../query';
import { dimensionJoins, dimensionKey, GROUPABLE_COLUMNS, parseDimensionKey, rollupColumn, type Dimension, type Rollup } from './dimensions';

/** The dimensions of a view, each once, in a stable order (the rollup's identity). */
export function rollupKeys(dims: readonly Dimension[]): string[] {
  return [...new Set(dims.map(dimensionKey))].sort();
}

/** FNV-1a of the text, hex: a short table-name token (a set of dimension keys, a view's query). */
export function token(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/** The rollup of these dimensions for one data version (a new load gives new tables). */
export function rollupFor(dims: readonly Dimension[], version: number): Rollup {
  const keys = rollupKeys(dims);
  return { table: `__explorer_rollup_${version}_${token(keys.join('\u0000'))}`, keys };
}

/** The rollup's SELECT over the lines (or a wider rollup); `days` [from, to) keeps the lines of those charge days only. */
function rollupSelect(dims: readonly Dimension[], r: Rollup, from?: Rollup, days?: DaySpan): { sql: string; params: SqlValue[] } {
  const unique = r.keys.map((k) => dims.find((d) => dimensionKey(d) === k)!);
  const j = dimensionJoins(unique, from);
  const col = (d: Dimension) => ident(rollupColumn(d));
  const where = days ? `WHERE c.ChargePeriodStart >= CAST(? AS TIMESTAMP) AND c.ChargePeriodStart < CAST(? AS TIMESTAMP)` : '';
  const daily = (value: (d: Dimension) => string, lines: string) =>
    `SELECT CAST(date_trunc('day', c.ChargePeriodStart) AS TIMESTAMP) AS ChargePeriodStart, c.BillingCurrency AS BillingCurrency,
            ${unique.map((d) => `${value(d)} AS ${col(d)}, `).join('')}sum(c.BilledCost) AS BilledCost, sum(c.EffectiveCost) AS EffectiveCost, CAST(${lines} AS BIGINT) AS x_lines
     FROM ${j.from.sql} ${where} GROUP BY ALL`;
  const named = unique.filter((d) => d.kind === 'column' && displayNamesOf(d.name));
  const sql =
    from || named.length === 0
      ? daily(j.expr, j.lines)
      : `SELECT ChargePeriodStart, BillingCurrency, ${unique.map((d) => `${d.kind === 'column' ? displayNameSql(d.name, col(d)) : col(d)} AS ${col(d)}, `).join('')}
                sum(BilledCost) AS BilledCost, sum(EffectiveCost) AS EffectiveCost, CAST(sum(x_lines) AS BIGINT) AS x_lines
         FROM (${daily(j.raw, j.lines)}) GROUP BY ALL`;
  return { sql, params: [...j.from.params, ...(days ? [days.from, days.to] : [])] };
}

/**
 * Builds the rollup (a no-op when it exists) from the cost lines, or from a wider rollup that
 * holds all its dimensions (a few thousand rows instead of every line). From the lines, it groups
 * by the source values first and gives the display names to those groups (AmazonS3 and "Amazon
 * Simple Storage Service" then meet in the outer sum): one CASE per group, not per line.
 */
export function buildRollup(dims: readonly Dimension[], r: Rollup, from?: Rollup): Query<{ Count: number }> {
  const q = rollupSelect(dims, r, from);
  return defineQuery('cost/rollup', `CREATE TEMP TABLE IF NOT EXISTS ${ident(r.table)} AS ${q.sql}`, q.params);
}

/** The table a rollup is built into piece by piece (renamed to the rollup once complete). */
export function rollupPartTable(r: Rollup): string {
  return `${r.table}_part`;
}

/**
 * One piece of a rollup built in the background: the lines of charge days [from, to) into its
 * part table (created by the first piece, a fresh one replacing any left from a stopped build).
 * Pieces cover disjoint days and the rollup groups by day, so the pieces together are the rollup.
 */
export function buildRollupPiece(dims: readonly Dimension[], r: Rollup, days: DaySpan, first: boolean): Query<{ Count: number }> {
  const q = rollupSelect(dims, r, undefined, days);
  const part = ident(rollupPartTable(r));
  return defineQuery('cost/rollup-piece', `${first ? `CREATE OR REPLACE TEMP TABLE ${part} AS` : `INSERT INTO ${part}`} ${q.sql}`, q.params);
}

/** The complete part table becomes the rollup. */
export function finishRollupPieces(r: Rollup): string {
  return `ALTER TABLE ${ident(rollupPartTable(r))} RENAME TO ${ident(r.table)}`;
}

export type LineDaysRow = { lines: number; first: string | null; last: string | null };

/** Cost lines and their first and last charge day: how to cut a background build into pieces. */
export function lineDays(): Query<LineDaysRow> {
  return defineQuery(
    'cost/line-days',
    `SELECT CAST(count(*) AS BIGINT) AS lines, strftime(min(ChargePeriodStart), '%Y-%m-%d') AS first, strftime(max(ChargePeriodStart), '%Y-%m-%d') AS last FROM cost_lines`,
  );
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

/** Background builds queued at most per view (each reads every line once, in pieces). */
export const LIKELY_MAX = 4;

/**
 * The dimension sets an analyst is likely to ask next that the wide rollup cannot serve: each
 * many-valued dimension as the first grouping (the second kept, as the explorer keeps it) and as
 * the second, with the view's filters. Sets already served are left to the caller to skip.
 */
export function likelyRollupDims(groupBy: readonly Dimension[], filterDims: readonly Dimension[], many: readonly Dimension[]): Dimension[][] {
  const [a, b] = groupBy;
  const out = new Map<string, Dimension[]>();
  const add = (dims: (Dimension | undefined)[]) => {
    const set = [...dims, ...filterDims].filter((d): d is Dimension => !!d);
    const key = rollupKeys(set).join('\u0000');
    if (!out.has(key)) out.set(key, set);
  };
  const fresh = many.filter((h) => !groupBy.some((g) => dimensionKey(g) === dimensionKey(h)));
  for (const h of fresh) add([h, b && dimensionKey(b) !== dimensionKey(h) ? b : undefined]);
  if (a) for (const h of fresh) add([a, h]);
  return [...out.values()].slice(0, LIKELY_MAX);
}

/** Dimensions too many-valued for the wide rollup (per the cardinalities). */
export function manyValuedDimensions(cardinalities: readonly CardinalityRow[]): Dimension[] {
  return cardinalities
    .filter((c) => c.n > WIDE_MAX_VALUES)
    .map((c) => parseDimensionKey(c.dimension))
    .filter((d): d is Dimension => d !== null);
}

/** Charge days [first, last] cut into about `pieces` consecutive spans (the last open-ended by a day). */
export function daySpans(first: string, last: string, pieces: number): DaySpan[] {
  const days = daysBetween({ from: first, to: addDays(last, 1) });
  const per = Math.max(1, Math.ceil(days / Math.max(1, pieces)));
  const out: DaySpan[] = [];
  for (let d = first; d <= last; d = addDays(d, per)) out.push({ from: d, to: addDays(d, per) });
  return out;
}
