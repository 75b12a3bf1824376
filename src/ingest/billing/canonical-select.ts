/**
 * Builds an adapter's SELECT in the canonical table's column order from a map of expressions:
 * columns an adapter does not fill become typed NULLs, provenance is filled the same way everywhere.
 */
import { ident, literal } from '../../engine/sql';
import { CANONICAL_TABLES, type CanonicalTable } from '../../model/schema';
import type { MapContext } from '../adapter';

export function canonicalSelect(
  table: CanonicalTable,
  format: string,
  exprs: Record<string, string>,
  ctx: MapContext,
  where?: string,
): string {
  const provenance: Record<string, string> = {
    source_file: literal(ctx.sourceFile),
    source_row: 'CAST("__row" AS BIGINT)',
    source_format: literal(format),
  };
  const cols = CANONICAL_TABLES[table].map((c) => {
    const e = exprs[c.name] ?? provenance[c.name] ?? 'NULL';
    return `CAST(${e} AS ${c.type}) AS ${ident(c.name)}`;
  });
  return `SELECT ${cols.join(', ')} FROM ${ctx.raw}${where ? ` WHERE ${where}` : ''}`;
}

/** A JSON object text built from string-valued columns (nested fields flattened by the reader). */
export function jsonObjectSql(pairs: { key: string; col: string }[]): string {
  if (pairs.length === 0) return 'CAST(NULL AS VARCHAR)';
  const parts = pairs.map(
    (p) =>
      `CASE WHEN ${ident(p.col)} IS NULL THEN NULL ELSE ${literal(JSON.stringify(p.key) + ':')} || '"' || replace(replace(${ident(p.col)}, '\\', '\\\\'), '"', '\\"') || '"' END`,
  );
  return `'{' || concat_ws(',', ${parts.join(', ')}) || '}'`;
}
