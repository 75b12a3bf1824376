/**
 * A grid's totals row per currency: exact DECIMAL sums in SQL (never JS floats), one row per
 * currency, never added across currencies. Rows without a currency form their own group.
 */
import type { Row } from '../../engine/engine';
import { ident } from '../../engine/sql';
import { defineQuery, type Query } from '../query';

/** Where a grid's money columns take their currency from: a row field, or one code for the grid. */
export type TotalsCurrency = { key: string } | { code: string };

export interface GridTotalsRow extends Row {
  /** The currency of this row's sums (null: rows without a currency). */
  grid_currency: string | null;
  grid_rows: number;
}

/** Sum column alias for the i-th money key (keys may be any text, aliases stay plain). */
export const totalAlias = (i: number): string => `grid_sum_${i}`;

export function gridTotals(source: Query, currency: TotalsCurrency, moneyKeys: readonly string[]): Query<GridTotalsRow> {
  const cur = 'key' in currency ? `CAST(${ident(currency.key)} AS VARCHAR)` : '?';
  const sums = moneyKeys.map((k, i) => `CAST(sum(CAST(${ident(k)} AS DECIMAL(38,18))) AS VARCHAR) AS ${totalAlias(i)}`);
  return defineQuery(
    `${source.name} (totals)`,
    `SELECT ${cur} AS grid_currency, count(*)::INTEGER AS grid_rows${sums.map((s) => `, ${s}`).join('')}
     FROM (${source.sql}) AS grid_t ${'key' in currency ? 'GROUP BY 1 ORDER BY 1 NULLS LAST' : 'HAVING count(*) > 0'}`,
    'key' in currency ? source.params : [currency.code, ...source.params],
  );
}

/** The grid's row count from its totals rows (every row falls in one currency group, rows without a currency in theirs). */
export function totalsRowCount(rows: readonly GridTotalsRow[]): number {
  return rows.reduce((n, t) => n + Number(t.grid_rows), 0);
}
