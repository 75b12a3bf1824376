/**
 * Names of the analysis result tables the screens read. The tables themselves are declared and
 * written by the analysis run; queries refer to them only through these names.
 */
export const ANALYSIS_TABLES = {
  margin: 'analysis_margin',
  reconciliation: 'analysis_reconciliation',
  eventFindings: 'analysis_event_findings',
  anomalies: 'analysis_anomalies',
  fraud: 'analysis_fraud',
} as const;
