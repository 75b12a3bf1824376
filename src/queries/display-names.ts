/** The display-name table (src/model/display-names.ts) as SQL over a cost column, for grouping and filtering alike. */
import { literal } from '../engine/sql';
import { displayNamesOf } from '../model/display-names';

/**
 * `expr` (a value of `column`) as its display name: one CASE over the table's constant keys, the
 * value itself when the table has none. Columns without a table come back unchanged.
 */
export function displayNameSql(column: string, expr: string): string {
  const table = displayNamesOf(column);
  if (!table) return expr;
  const whens = Object.entries(table).map(([k, v]) => `WHEN ${literal(k)} THEN ${literal(v)}`);
  return `coalesce(CASE lower(trim(${expr})) ${whens.join(' ')} END, ${expr})`;
}
