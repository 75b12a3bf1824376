/** Anomaly findings as the analysis ranked them (money impact first): the Anomalies screen's grid. */
import { ident } from '../../engine/sql';
import { defineQuery, type Query } from '../query';
import { ANALYSIS_TABLES } from '../tables';

export type AnomalyFindingRow = {
  id: string;
  /** The series' dimensions, 'key=value · key=value'. */
  dims: string;
  start: string;
  end: string;
  /** Money impact (exact), null for series that are not money. */
  impact: string | null;
  currency: string | null;
  actual: number;
  expected: number;
  score: number;
  method: string;
};

export function anomalyFindings(): Query<AnomalyFindingRow> {
  return defineQuery(
    'anomalies/findings',
    `SELECT id, dims, start, ${ident('end')}, impact, currency, actual, expected, score, method FROM ${ident(ANALYSIS_TABLES.anomalies)}`,
  );
}
