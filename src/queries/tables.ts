/**
 * Names of the analysis result tables the screens read, taken from their one declaration in the
 * analysis run (src/run/output-tables.ts).
 */
import {
  ANOMALIES_TABLE,
  EVENT_FINDINGS_TABLE,
  FRAUD_TABLE,
  FX_CONVERSIONS_TABLE,
  INVOICE_RECONCILIATION_TABLE,
  MARGIN_REPORTING_TABLE,
  MARGIN_TABLE,
  PROVIDER_CHECK_TABLE,
  RECONCILIATION_TABLE,
} from '../run/output-tables';

export const ANALYSIS_TABLES = {
  margin: MARGIN_TABLE.table,
  /** The margin converted to the reporting currency (same levels and figures, `currency` = the reporting currency). */
  marginReporting: MARGIN_REPORTING_TABLE.table,
  fxConversions: FX_CONVERSIONS_TABLE.table,
  reconciliation: RECONCILIATION_TABLE.table,
  eventFindings: EVENT_FINDINGS_TABLE.table,
  anomalies: ANOMALIES_TABLE.table,
  fraud: FRAUD_TABLE.table,
  providerCheck: PROVIDER_CHECK_TABLE.table,
  invoiceReconciliation: INVOICE_RECONCILIATION_TABLE.table,
} as const;
