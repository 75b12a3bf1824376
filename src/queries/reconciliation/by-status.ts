/** Reconciliation totals per status (rows, expected, billed, delta) for the currency and period. */
import { ident } from '../../engine/sql';
import { defineQuery, type Query } from '../query';
import { ANALYSIS_TABLES } from '../tables';
import { resultScope, type ResultScope } from './scope';

export type ReconciliationStatusRow = {
  status: string;
  rows: number;
  delta: string | null;
  expected: string | null;
  billed: string | null;
};

export function reconciliationByStatus(p: ResultScope): Query<ReconciliationStatusRow> {
  const where = resultScope(p);
  return defineQuery(
    'reconciliation/by-status',
    `SELECT status, count(*) AS rows, sum(amount_delta) AS delta, sum(expected_amount) AS expected, sum(billed_amount) AS billed
     FROM ${ident(ANALYSIS_TABLES.reconciliation)} WHERE ${where.sql} GROUP BY status ORDER BY status`,
    where.params,
  );
}
