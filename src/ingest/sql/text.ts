/** Raw cells as text: every adapter reads its VARCHAR cells through text(). */
import { ident } from '../../engine/sql';

/**
 * The raw cell as trimmed text, NULL when empty, or a typed NULL when the column is absent from
 * the file (`col` undefined or null). Same as NULLIF(trim(c), ''), but trims only the cells that
 * need it: most cells have no edge spaces, and trim() copies every string it sees.
 */
export function text(col: string | null | undefined): string {
  if (!col) return 'CAST(NULL AS VARCHAR)';
  const c = ident(col);
  return `CASE WHEN starts_with(${c}, ' ') OR ends_with(${c}, ' ') OR ${c} = '' THEN NULLIF(trim(${c}), '') ELSE ${c} END`;
}
