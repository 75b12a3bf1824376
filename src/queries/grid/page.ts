/**
 * How the results grid reads any query: its columns (DESCRIBE), its row count, and one page in
 * a sort order (LIMIT/OFFSET over the query as a subquery). The source query's parameters come
 * first, then the page's. Wrapping as a subquery also keeps console text read-only.
 */
import type { Row } from '../../engine/engine';
import { ident } from '../../engine/sql';
import { defineQuery, type Query } from '../query';

export interface GridSort {
  key: string;
  desc: boolean;
}

export type DescribeRow = { column_name: string; column_type: string };

export function gridColumns(source: Query): Query<DescribeRow> {
  return defineQuery(`${source.name} (columns)`, `DESCRIBE SELECT * FROM (${source.sql}) AS grid_d`, source.params);
}

export function gridCount(source: Query): Query<{ n: number }> {
  return defineQuery(`${source.name} (count)`, `SELECT count(*) AS n FROM (${source.sql}) AS grid_c`, source.params);
}

/** The query in `sort` order (nulls last), ties broken on every column, or in its own order. */
function ordered(source: Query, sort: GridSort | null): string {
  const base = `SELECT * FROM (${source.sql}) AS grid_q`;
  return sort ? `${base} ORDER BY ${ident(sort.key)} ${sort.desc ? 'DESC' : 'ASC'} NULLS LAST, COLUMNS(*)` : base;
}

/**
 * Rows [page × size, (page + 1) × size) in `sort` order (nulls last), or in the query's own order.
 * Ties are broken on every column: DuckDB's top-N for ORDER BY … LIMIT picks among equal keys
 * differently per OFFSET, so without it pages overlap and some rows are never shown.
 */
export function gridPage<R extends Row>(source: Query<R>, sort: GridSort | null, page: number, size: number): Query<R> {
  return gridSlice(source, sort, page * size, size, `page ${page}`);
}

/** `count` rows from row `offset` in the grid's order (a copied selection). */
export function gridSlice<R extends Row>(source: Query<R>, sort: GridSort | null, offset: number, count: number, what = 'rows'): Query<R> {
  return defineQuery(`${source.name} (${what})`, `${ordered(source, sort)} LIMIT ? OFFSET ?`, [...source.params, count, offset]);
}

/** Every row in the grid's order: an export of the grid as shown, not only its fetched pages. */
export function gridAll<R extends Row>(source: Query<R>, sort: GridSort | null): Query<R> {
  return defineQuery(`${source.name} (all rows)`, ordered(source, sort), source.params);
}
