/**
 * The explorer's per-view result table: the table's question (costByGroup: one or two groupings,
 * this period against the previous one, per currency) answered once per view into a small temp
 * table, so the grid's totals (and the tiles they feed) and its pages read a few thousand rows
 * instead of each asking the whole question again. The rows are the query's, stored as computed
 * (DECIMAL sums, exact percentages): every figure read from it is the one the query gives.
 */
import { ident } from '../../engine/sql';
import { defineQuery, type Query } from '../query';
import { token } from './rollup';
import type { CostByGroupRow } from './explore';

/** The table holding `q`'s rows for one data version: named after the query's text and values. */
export function viewTableName(q: Query, version: number): string {
  const values = JSON.stringify(q.params, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  return `__explorer_view_${version}_${token(`${q.sql}\u0000${values}`)}`;
}

/** Stores `q`'s rows in `table` (a no-op when it exists: the same view asked again). */
export function buildViewTable(q: Query<CostByGroupRow>, table: string): Query<{ Count: number }> {
  return defineQuery('cost/view-table', `CREATE TEMP TABLE IF NOT EXISTS ${ident(table)} AS ${q.sql}`, q.params);
}

/** The stored rows, as the grid reads them. */
export function viewTableRows(table: string): Query<CostByGroupRow> {
  return defineQuery('cost/by-group', `SELECT * FROM ${ident(table)}`);
}
