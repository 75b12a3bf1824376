/** The analyst's period selection as a SQL condition with bound parameters (UTC calendar months). */
import type { SqlValue } from '../../src/engine/engine';
import { ident } from '../../src/engine/sql';

export interface Condition {
  sql: string;
  params: SqlValue[];
}

/** `column` is a TIMESTAMP; period 'all' or 'YYYY-MM' (UTC). */
export function periodCondition(column: string, period: string): Condition {
  if (period === 'all') return { sql: 'TRUE', params: [] };
  return { sql: `strftime(${ident(column)}, '%Y-%m') = ?`, params: [period] };
}

export function periodLabel(period: string): string {
  return period === 'all' ? 'All periods' : `${period} (UTC)`;
}
