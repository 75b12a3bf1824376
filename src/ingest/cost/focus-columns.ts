/**
 * FOCUS datasets carry the canonical column names already: each present column is read by its
 * declared type (money/quantity exact, timestamps ISO, everything else text). Shared by the cost
 * and usage adapter and the 1.3/1.4 supporting datasets.
 */
import { MONEY, QTY, type ColumnDef } from '../../model/schema';
import type { MapContext } from '../adapter';
import { money, optionalCurrencyCode, text, timestamp, type ColumnExprs } from '../sql';

/** Present non-text columns -> the DuckDB type their cells must parse as (per-cell diagnostics). */
export function focusTypedColumns(columns: readonly ColumnDef[], headers: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of columns) if (headers.includes(c.name) && c.type !== 'VARCHAR') out[c.name] = c.type;
  return out;
}

/** One expression per present column, by its declared type. */
export function focusColumnExprs(columns: readonly ColumnDef[], headers: readonly string[], ctx: MapContext): ColumnExprs {
  const exprs: ColumnExprs = {};
  for (const c of columns) {
    if (!headers.includes(c.name)) continue;
    if (c.type === MONEY || c.type === QTY) exprs[c.name] = money(c.name, ctx.typed);
    // ISO 4217, upper case; the cost and usage adapter also requires BillingCurrency (focus.ts).
    else if (c.name.endsWith('Currency')) exprs[c.name] = optionalCurrencyCode(c.name);
    else if (c.type === 'TIMESTAMP') exprs[c.name] = timestamp(c.name, { typed: ctx.typed, dates: ctx.dates });
    else exprs[c.name] = text(c.name);
  }
  return exprs;
}
