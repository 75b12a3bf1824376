/** Accounts that matched a fraud rule, with their evidence: the Anomalies screen's fraud grid. */
import { ident } from '../../engine/sql';
import { defineQuery, type Query } from '../query';
import { ANALYSIS_TABLES } from '../tables';

export type FraudFindingRow = {
  id: string;
  rule: string;
  customer_id: string;
  score: number;
  evidence: string;
  amount: string | null;
  currency: string | null;
};

export function fraudFindings(): Query<FraudFindingRow> {
  return defineQuery('anomalies/fraud', `SELECT id, rule, customer_id, score, evidence, amount, currency FROM ${ident(ANALYSIS_TABLES.fraud)}`);
}
