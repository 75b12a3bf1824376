/** What one analysis run on the loaded data gives the screens (kept in the store). */
import type { ReconcileResult } from '../../src/analysis/reconcile/reconcile';
import type { MarginReport } from '../../src/analysis/margin/margin';
import type { ProviderCheckRow } from '../../src/analysis/provider-check/provider-check';
import type { BillingSlis } from '../../src/analysis/slis/billing-slis';
import type { Proposal } from '../../src/proposals/model';
import type { AnomalyFinding, FraudFinding } from '../../src/model/findings';
import type { ChartSeries } from '../../src/analysis/anomaly/pipeline';

export interface AnalysisResults {
  version: number;
  margin: MarginReport | null;
  recon: ReconcileResult | null;
  provider: ProviderCheckRow[] | null;
  slis: BillingSlis | null;
  anomalies: AnomalyFinding[] | null;
  /** Chart data (value, expected, band, verdict per point) for every series with a finding. */
  anomalyCharts: ChartSeries[];
  fraud: FraudFinding[] | null;
  proposals: Proposal[] | null;
  /** analysis name -> error message (an analysis that failed does not hide the others). */
  errors: Record<string, string>;
  ms: number;
  /** Milliseconds per step. */
  timings: Record<string, number>;
}
