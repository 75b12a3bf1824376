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

/**
 * Rows [page × size, (page + 1) × size) in `sort` order (nulls last), or in the query's own order.
 * Ties are broken on every column: DuckDB's top-N for ORDER BY … LIMIT picks among equal keys
 * differently per OFFSET, so without it pages overlap and some rows are never shown.
 */
export function gridPage<R extends Row>(source: Query<R>, sort: GridSort | null, page: number, size: number): Query<R> {
  const base = `SELECT * FROM (${source.sql}) AS grid_q`;
  const ordered = sort ? `${base} ORDER BY ${ident(sort.key)} ${sort.desc ? 'DESC' : 'ASC'} NULLS LAST, COLUMNS(*)` : base;
  return defineQuery(`${source.name} (page ${page})`, `${ordered} LIMIT ? OFFSET ?`, [...source.params, size, page * size]);
}
