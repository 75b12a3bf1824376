/** What one analysis run on the loaded data gives the screens (kept in the store). */
import type { AnalysisRun } from '../../src/run/analysis-run';

export type AnalysisResults = Pick<
  AnalysisRun,
  'margin' | 'reporting' | 'provider' | 'slis' | 'anomalies' | 'anomalyCharts' | 'fraud' | 'proposals'
> & {
  version: number;
  recon: AnalysisRun['reconciliation'];
  /** analysis name -> error message (an analysis that failed does not hide the others). */
  errors: Record<string, string>;
  ms: number;
  /** Milliseconds per step. */
  timings: Record<string, number>;
};
