/**
 * Daily rollups for the cost explorer: cost lines summed per charge day, currency and the
 * dimensions a view groups and filters by (tags joined once, here). Every explorer question then
 * reads a few thousand rows instead of every cost line; a range, granularity, metric or filter
 * value change reuses the rollup. Sums stay exact (DECIMAL(38,18) sums of sums) and spans are
 * whole UTC days, so each answer is the one the cost lines give (test/unit/queries/cost-rollup.test.ts).
 */
import { ident } from '../../engine/sql';
import { defineQuery, type Query } from '../query';
import { dimensionJoins, dimensionKey, rollupColumn, type Dimension, type Rollup } from './dimensions';

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

/** Builds the rollup (a no-op when it exists). */
export function buildRollup(dims: readonly Dimension[], r: Rollup): Query<{ Count: number }> {
  const unique = r.keys.map((k) => dims.find((d) => dimensionKey(d) === k)!);
  const j = dimensionJoins(unique);
  const cols = unique.map((d) => `${j.expr(d)} AS ${ident(rollupColumn(d))}`);
  return defineQuery(
    'cost/rollup',
    `CREATE TEMP TABLE IF NOT EXISTS ${ident(r.table)} AS
     SELECT CAST(date_trunc('day', c.ChargePeriodStart) AS TIMESTAMP) AS ChargePeriodStart, c.BillingCurrency AS BillingCurrency,
            ${cols.map((c) => `${c}, `).join('')}sum(c.BilledCost) AS BilledCost, sum(c.EffectiveCost) AS EffectiveCost, CAST(count(*) AS BIGINT) AS x_lines
     FROM ${j.from.sql} GROUP BY ALL`,
    j.from.params,
  );
}

export type RollupTableRow = { name: string };

/** The explorer's rollup tables (to drop those of older data versions). */
export function rollupTables(): Query<RollupTableRow> {
  return defineQuery('cost/rollups', `SELECT table_name AS name FROM duckdb_tables() WHERE temporary AND table_name LIKE '__explorer_rollup_%'`);
}
