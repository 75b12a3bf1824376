/** Shared pieces of the fraud rules: the option set, JSON-text property extraction, formatting. */
import type { Engine } from '../../engine/engine';
import { jsonFieldSql } from '../../engine/sql-json';

export interface FraudOptions {
  /** Accounts first seen this many days before the last event count as new. */
  newWithinDays: number;
  /** Days after an account's first event that make up its "first week". */
  newAccountDays: number;
  /** A new account is flagged above this quantile of the cohort's first-week usage. */
  cohortQuantile: number;
  /** Minimum cohort size before the new-account rule says anything. */
  minCohort: number;
  /** Days of history an account needs before a region / family can be "first seen". */
  minHistoryDays: number;
  /** Recent window (days, ending at the last event) for first-seen and night-share rules. */
  recentDays: number;
  /** Night hours [from, to) in UTC. */
  nightHours: [number, number];
  /** Night share must rise by at least this much over the account's own profile. */
  nightShareRise: number;
  /** Benford: minimum number of adjustment/credit entries. */
  benfordMinEntries: number;
  /** Provider cost comes from the sums a warehouse staged (reconcile/cost-staging.ts), not from single cost lines. */
  costStaged?: boolean;
}

export const DEFAULT_FRAUD: FraudOptions = {
  newWithinDays: 30,
  newAccountDays: 7,
  cohortQuantile: 0.99,
  minCohort: 10,
  minHistoryDays: 14,
  recentDays: 7,
  nightHours: [0, 6],
  nightShareRise: 0.3,
  benfordMinEntries: 100,
};

/**
 * SQL expression extracting a string field from the JSON text in `column` (no json extension
 * offline): "name": "value" or "name": number. The field names are fixed by the rules (the
 * pattern runs only on text holding one of them: jsonFieldSql).
 */
export function jsonField(column: string, names: string[]): string {
  return jsonFieldSql(column, names, 'scalar');
}

export async function tableExists(engine: Engine, name: string): Promise<boolean> {
  const r = await engine.query(`SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_name = ?`, [name]);
  return Number(r[0].n) > 0;
}

export async function columnsOf(engine: Engine, table: string): Promise<string[]> {
  const r = await engine.query(`SELECT column_name FROM information_schema.columns WHERE table_name = ?`, [table]);
  return r.map((x) => String(x.column_name));
}

export function fmt(x: number): string {
  return Math.abs(x) >= 1000 ? Math.round(x).toLocaleString('en-US') : Number(x.toPrecision(4)).toString();
}
