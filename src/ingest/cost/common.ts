/**
 * Shared scaffolding for cost adapters: a SELECT producing cost_lines' columns in order from a
 * partial map of canonical column -> SQL expression over the raw relation (missing ones are NULL).
 */
import { literal } from '../../engine/sql';
import { COST_LINE_COLUMNS, MONEY } from '../../model/schema';
import type { Adapter, Detection, MapContext } from '../adapter';
import { jsonQuoteSql, money, text, timestamp } from '../map-sql';

export type CostExprs = Partial<Record<string, string>>;

export function costSelect(ctx: MapContext, format: string, exprs: CostExprs, where?: string): string {
  const provenance: Record<string, string> = {
    source_file: literal(ctx.sourceFile),
    source_row: 'CAST("__row" AS BIGINT)',
    source_format: literal(format),
    x_line_id: 'CAST(NULL AS BIGINT)',
  };
  const cols = COST_LINE_COLUMNS.map((c) => {
    const e = provenance[c.name] ?? exprs[c.name];
    return `CAST(${e ?? 'NULL'} AS ${c.type}) AS "${c.name}"`;
  });
  return `SELECT ${cols.join(', ')} FROM ${ctx.raw}${where ? ` WHERE ${where}` : ''}`;
}

/** Share of `names` present in `headers` (exact names). */
export function coverage(headers: readonly string[], names: readonly string[]): number {
  const set = new Set(headers);
  return names.filter((n) => set.has(n)).length / names.length;
}

/** A detection when at least `min` of the signature is present, scored by coverage. */
export function detectBySignature(headers: readonly string[], signature: readonly string[], min = 0.5, weight = 1): Detection | null {
  const c = coverage(headers, signature);
  return c >= min ? { score: c * weight } : null;
}

/** Common defaults of cost adapters. */
export const COST_DEFAULTS: Pick<Adapter, 'kind' | 'table' | 'currencyColumn' | 'totalColumns' | 'periodColumns'> = {
  kind: 'cost',
  table: 'cost_lines',
  currencyColumn: 'BillingCurrency',
  totalColumns: ['BilledCost', 'EffectiveCost'],
  periodColumns: ['ChargePeriodStart', 'ChargePeriodEnd'],
};

/**
 * Tags spread over one column per tag (AWS `resourceTags/user:Key`, OCI `tags/NS.Key`) -> a JSON
 * object text built in SQL ({"Key": "value", ...}; NULL when the line has no tag values).
 */
export function tagColumnsSql(headers: readonly string[], prefix: string, keyOf: (rest: string) => string = (k) => k): string {
  const tagCols = headers.filter((h) => h.startsWith(prefix));
  if (!tagCols.length) return 'CAST(NULL AS VARCHAR)';
  const parts = tagCols.map((h) => {
    const key = literal(keyOf(h.slice(prefix.length)));
    return `CASE WHEN ${text(h)} IS NOT NULL THEN ${jsonQuoteSql(key)} || ':' || ${jsonQuoteSql(text(h))} END`;
  });
  return `NULLIF('{' || concat_ws(',', ${parts.join(', ')}) || '}', '{}')`;
}

/** A resolver over exact header names: `t(name)` text or NULL, `m(name)` money or NULL. */
export function columnHelpers(headers: readonly string[], resolve: (name: string) => string | undefined = (n) => (headers.includes(n) ? n : undefined)) {
  return {
    col: resolve,
    t: (name: string) => {
      const c = resolve(name);
      return c ? text(c) : 'CAST(NULL AS VARCHAR)';
    },
    m: (name: string) => {
      const c = resolve(name);
      return c ? money(c) : `CAST(NULL AS ${MONEY})`;
    },
    ts: (name: string, formats: readonly string[] = []) => {
      const c = resolve(name);
      return c ? timestamp(c, formats) : 'CAST(NULL AS TIMESTAMP)';
    },
  };
}
