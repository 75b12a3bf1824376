/**
 * Every adapter's SELECT: canonical columns in table order from a map of expressions; columns an
 * adapter does not fill become typed NULLs, and provenance is filled the same way everywhere.
 */
import { ident, literal } from '../../engine/sql';
import { CANONICAL_TABLES, type CanonicalTable } from '../../model/schema';
import type { MapContext } from '../adapter';

/** Canonical column -> SQL expression over the raw relation (missing ones are NULL). */
export type ColumnExprs = Partial<Record<string, string>>;

export function canonicalSelect(table: CanonicalTable, format: string, exprs: ColumnExprs, ctx: MapContext, where?: string): string {
  // Provenance is the pipeline's, not the adapter's (cost line ids are given at insert time).
  const provenance: Record<string, string> = {
    source_file: literal(ctx.sourceFile),
    source_row: 'CAST("__row" AS BIGINT)',
    source_format: literal(format),
    x_line_id: 'CAST(NULL AS BIGINT)',
  };
  const cols = CANONICAL_TABLES[table].map((c) => `CAST(${provenance[c.name] ?? exprs[c.name] ?? 'NULL'} AS ${c.type}) AS ${ident(c.name)}`);
  return `SELECT ${cols.join(', ')} FROM ${ctx.raw}${where ? ` WHERE ${where}` : ''}`;
}
