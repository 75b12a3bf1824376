/**
 * Runs the core analyses on the worker engine after the loaded data changes: billing staging,
 * reconciliation, margin, then adjustment proposals from the findings; merges proposals into the
 * review session (decisions are kept by proposal id). Results go to the store and into
 * analysis_* tables that the screens page through.
 */
import type { Engine } from '../../src/engine/engine';
import { defaultBillingConfig, type BillingConfig } from '../../src/model/mappings';
import { MemoryLabelStore } from '../../src/analysis/anomaly/labels';
import { runAnalysis, runOutputs, timedStage } from '../../src/run/analysis-run';
import { writeResultTable } from '../../src/run/result-tables';
import { detectInWorker } from './detect-anomalies';
import { exclusive } from '../engine/exclusive';
import { getState, setState } from '../app/store';
import { reviewMerge } from './review';
import type { AnalysisResults } from './analysis-results';

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The analysis run (src/run) on the worker engine, its output tables written for the screens, proposals merged into the review. */
export async function runAnalyses(engine: Engine, version: number, cfg: BillingConfig = defaultBillingConfig()): Promise<AnalysisResults> {
  return exclusive(async () => {
    const t0 = performance.now();
    const run = await runAnalysis(engine, {
      config: cfg,
      labels: await anomalyLabels.list(),
      detector: detectInWorker,
      reportingCurrency: getState().reportingCurrency || null,
      // A warehouse load landed the usage aggregates already (features/data/warehouse.ts).
      usageStaged: getState().warehouseLoad !== null,
      // And the cost aggregates, when the warehouse maps cost lines (the tag keys went with the load).
      costStaged: getState().warehouseLoad?.costStaged ?? false,
    });
    const failures: { stage: string; error: unknown }[] = [...run.failures];
    const ms: Record<string, number> = { ...run.timings };
    const step = timedStage(failures, ms);
    const keys = new Set((run.anomalies ?? []).map((f) => f.series_key));
    await step('result tables', async () => {
      for (const o of runOutputs(run)) await writeResultTable(engine, o.table, o.rows);
    });
    // While a restored workspace waits for its warehouse data, a run on what is missing must not mark its proposals stale.
    if (run.proposals && !getState().warehouseRestore) await step('review', () => reviewMerge(run.proposals!));
    const errors = Object.fromEntries(failures.map((f) => [f.stage, message(f.error)]));
    const timings = Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, Math.round(v)]));
    document.documentElement.dataset.analysisTimings = JSON.stringify(timings);
    return {
      version,
      margin: run.margin,
      reporting: run.reporting,
      recon: run.reconciliation,
      provider: run.provider,
      slis: run.slis,
      anomalies: run.anomalies,
      anomalyCharts: run.anomalyCharts.filter((c) => keys.has(c.series_key)),
      fraud: run.fraud,
      proposals: run.proposals,
      errors,
      ms: performance.now() - t0,
      timings,
    };
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

/**
 * Start-up's run: only when none is going on. Start-up files reach the load queue, which starts a
 * run on all of them once it empties; a second call here would run the same analyses again.
 */
export function ensureAnalyses(): void {
  if (!running) scheduleAnalyses();
}
