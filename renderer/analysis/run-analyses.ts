/**
 * Runs the core analyses on the worker engine after the loaded data changes: billing staging,
 * reconciliation, margin, then adjustment proposals from the findings; merges proposals into the
 * review session (decisions are kept by proposal id). Results go to the store and into
 * analysis_* tables that the screens page through.
 */
import type { Engine } from '../../src/engine/engine';
import { defaultBillingConfig, type BillingConfig } from '../../src/model/mappings';
import { prepareBillingTables } from '../../src/analysis/reconcile/prepare';
import { reconcile, type ReconcileResult } from '../../src/analysis/reconcile/reconcile';
import { margin, type MarginReport } from '../../src/analysis/margin/margin';
import { buildProposals } from '../../src/proposals/build';
import type { Proposal } from '../../src/proposals/model';
import type { AnomalyFinding, FraudFinding } from '../../src/model/findings';
import type { ChartSeries } from '../../src/analysis/anomaly/pipeline';
import { detectAnomaliesOffThread } from './detect-anomalies';
import { MemoryLabelStore } from '../../src/analysis/anomaly/labels';
import { runFraudRules } from '../../src/analysis/fraud/index';
import { exclusive } from '../engine/exclusive';
import { getState, setState } from '../app/store';
import { materializeResults } from './result-tables';
import { reviewMerge } from './review';

export interface AnalysisResults {
  version: number;
  margin: MarginReport | null;
  recon: ReconcileResult | null;
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

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Milliseconds per analysis step of the last run (shown with the figures, used by measure-ui). */
export const lastTimings: Record<string, number> = {};

async function attempt<T>(errors: Record<string, string>, name: string, fn: () => Promise<T>): Promise<T | null> {
  const t0 = performance.now();
  try {
    return await fn();
  } catch (e) {
    errors[name] = message(e);
    return null;
  } finally {
    lastTimings[name] = Math.round(performance.now() - t0);
  }
}

export async function runAnalyses(engine: Engine, version: number, cfg: BillingConfig = defaultBillingConfig()): Promise<AnalysisResults> {
  return exclusive(async () => {
    const t0 = performance.now();
    const errors: Record<string, string> = {};
    const prepared = await attempt(errors, 'billing staging', () => prepareBillingTables(engine, cfg));
    const recon = prepared === null && errors['billing staging'] ? null : await attempt(errors, 'reconciliation', () => reconcile(engine, cfg));
    const marginReport = prepared === null && errors['billing staging'] ? null : await attempt(errors, 'margin', () => margin(engine, cfg));
    const labels = await anomalyLabels.list();
    const detected = await attempt(errors, 'anomaly detection', () => detectAnomaliesOffThread(engine, labels));
    const anomalies: AnomalyFinding[] | null = detected?.findings ?? null;
    const fraud: FraudFinding[] | null = await attempt(errors, 'fraud rules', () => runFraudRules(engine));
    const proposals = await attempt(errors, 'proposals', async () =>
      buildProposals({
        reconciliation: recon?.rows ?? [],
        events: recon?.findings ?? [],
        anomalies: anomalies ?? [],
        fraud: fraud ?? [],
      }),
    );
    const results: AnalysisResults = {
      version,
      margin: marginReport,
      recon,
      anomalies,
      anomalyCharts: detected?.charts ?? [],
      fraud,
      proposals,
      errors,
      ms: 0,
      timings: lastTimings,
    };
    await attempt(errors, 'result tables', () => materializeResults(engine, results));
    if (proposals) await attempt(errors, 'review', () => reviewMerge(proposals));
    results.ms = performance.now() - t0;
    results.timings = { ...lastTimings };
    document.documentElement.dataset.analysisTimings = JSON.stringify(results.timings);
    return results;
  });
}

/** Analyst verdicts on anomalies (true / false / planned): kept out of later baselines. */
export const anomalyLabels = new MemoryLabelStore();

let running = false;
let again = false;

/**
 * Re-runs the analyses once the loads settle; screens read getState().analysis. Calls while a
 * run is going on coalesce into one more run after it, so `analysisRunning` stays true until the
 * results match the data.
 */
export function scheduleAnalyses(): void {
  if (running) {
    again = true;
    return;
  }
  running = true;
  queueMicrotask(async () => {
    try {
      do {
        again = false;
        const s = getState();
        if (!s.engine || s.job) break;
        setState({ analysisRunning: true });
        const results = await runAnalyses(s.engine, s.dataVersion, s.billingConfig);
        setState((st) => ({ analysis: results, analysisVersion: st.analysisVersion + 1 }));
        if (getState().dataVersion !== s.dataVersion) again = true;
      } while (again && !getState().job);
    } finally {
      running = false;
      setState({ analysisRunning: false });
    }
  });
}
