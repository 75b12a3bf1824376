/** WHERE-clause pieces with their bound parameters, combined in order so placeholders line up. */
import type { SqlValue } from '../engine/engine';
import { ident } from '../engine/sql';

export interface Condition {
  readonly sql: string;
  readonly params: readonly SqlValue[];
}

export function cond(sql: string, ...params: SqlValue[]): Condition {
  return { sql, params };
}

/** Conjunction of the given conditions; falsy entries (filters not set) are skipped. */
export function allOf(...parts: (Condition | null | undefined | false | '')[]): Condition {
  const kept = parts.filter((p): p is Condition => !!p);
  if (kept.length === 0) return { sql: 'TRUE', params: [] };
  return { sql: kept.map((p) => `(${p.sql})`).join(' AND '), params: kept.flatMap((p) => p.params) };
}

/** `column` (a TIMESTAMP) in the analyst's period: 'all' or a UTC calendar month 'YYYY-MM'. */
export function inPeriod(column: string, period: string): Condition | null {
  return period === 'all' ? null : cond(`strftime(${ident(column)}, '%Y-%m') = ?`, period);
}

/** `column` contains `text` case-insensitively (ILIKE with the text bound, never pasted). */
export function containsText(column: string, text: string): Condition {
  return cond(`${ident(column)} ILIKE '%' || ? || '%'`, text);
}

/** `?` placeholders for a list of bound values: `IN (${placeholders(xs)})`. */
export function placeholders(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ');
}
