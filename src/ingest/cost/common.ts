/**
 * Shared scaffolding for cost adapters: detection by signature, defaults, tag columns as JSON and
 * column helpers over the ingest expression set (../sql); the SELECT is sql/select.ts's
 * canonicalSelect('cost_lines', ...).
 */
import type { Adapter, Detection, MapContext } from '../adapter';
import type { RawTypes } from '../raw';
import { currencyCode, jsonObjectSql, money, text, timestamp, type ColumnExprs } from '../sql';

export type CostExprs = ColumnExprs;

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
  return jsonObjectSql(headers.filter((h) => h.startsWith(prefix)).map((h) => ({ key: keyOf(h.slice(prefix.length)), value: text(h) })));
}

/**
 * A resolver over exact header names: `t(name)` text or NULL, `m(name)` money or NULL, `ts(name)`
 * a timestamp or NULL, `cur(name)` a validated ISO 4217 code; money and timestamps use the raw
 * relation's typed twins (MapContext.typed).
 */
export function columnHelpers(
  headers: readonly string[],
  resolve: (name: string) => string | undefined = (n) => (headers.includes(n) ? n : undefined),
  typed?: RawTypes,
  dates?: MapContext['dates'],
) {
  return {
    col: resolve,
    t: (name: string) => text(resolve(name)),
    m: (name: string) => money(resolve(name), typed),
    cur: (name: string) => currencyCode(resolve(name)),
    ts: (name: string, formats: readonly string[] = []) => timestamp(resolve(name), { formats, typed, dates }),
  };
}
