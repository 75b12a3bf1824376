/**
 * The one analysis run, for `finops analyze` and the app alike: loaded canonical tables ->
 * billing staging -> reconciliation, margin, provider check, SLIs -> anomalies and fraud rules ->
 * adjustment proposals. A stage that fails is recorded and does not hide the others (the app
 * shows what it could compute; the CLI stops with the first failure). Engine-only, so the
 * renderer runs it on the worker engine; where the anomaly statistics run is the caller's choice.
 */
import type { Engine } from '../engine/engine';
import type { BillingConfig } from '../model/mappings';
import type { AnomalyFinding, FraudFinding } from '../model/findings';
import { prepareBillingTables } from '../analysis/reconcile/prepare';
import { refuseFilesBesideStaged } from '../analysis/reconcile/staged-alone';
import { reconcile, type ReconcileResult } from '../analysis/reconcile/reconcile';
import { priceUsageFindings } from '../analysis/reconcile/usage-value';
import { rankByImpact } from '../analysis/anomaly/events';
import { margin, type MarginReport } from '../analysis/margin/margin';
import { reportingMargin, type ReportingMargin } from '../analysis/fx/reporting-margin';
import { providerCheck, type ProviderCheckRow } from '../analysis/provider-check/provider-check';
import { invoiceReconciliation, type InvoiceReconciliationRow } from '../analysis/invoice-reconciliation/invoice-reconciliation';
import { billingSlis, type BillingSlis } from '../analysis/slis/billing-slis';
import { detectAnomalies, type SeriesDetector } from '../analysis/anomaly/detect-all';
import type { ChartSeries } from '../analysis/anomaly/pipeline';
import type { AnomalyLabel } from '../analysis/anomaly/labels';
import { runFraudRules } from '../analysis/fraud/index';
import { buildProposals } from '../proposals/build';
import type { Proposal } from '../proposals/model';
import type { Policy } from '../proposals/policy';
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
  type OutputTable,
} from './output-tables';

export interface RunOptions {
  config: BillingConfig;
  /** Which findings become proposals and the thresholds (defaults: src/proposals/policy.ts). */
  policy?: Partial<Policy>;
  /** Analyst verdicts on anomalies, kept out of later baselines. */
  labels?: AnomalyLabel[];
  /** Where the anomaly statistics run (default: inline; the app passes a worker). */
  detector?: SeriesDetector;
  /** Anomaly findings kept overall. */
  anomalyBudget?: number;
  /** Margin also in this currency, converted with the loaded FX rates (default: config.reportingCurrency; none = native only). */
  reportingCurrency?: string | null;
  /** Days a rate serves rows after its date (default: config.fxMaxAgeDays, else 7). */
  fxMaxAgeDays?: number;
  /** The usage aggregates are already staged (a warehouse pushdown computed them where the events live: src/warehouse). */
  usageStaged?: boolean;
  /** The cost aggregates are already staged (reconcile/cost-staging.ts, anomaly/cost-series-staged.ts: pushed down to the warehouse that holds the cost lines). */
  costStaged?: boolean;
  onStage?: (stage: Stage) => void;
}

export const STAGES = [
  'billing staging',
  'reconciliation',
  'margin',
  'reporting currency',
  'provider check',
  'invoice reconciliation',
  'slis',
  'anomaly detection',
  'fraud rules',
  'proposals',
] as const;
export type Stage = (typeof STAGES)[number];

export interface AnalysisRun {
  reconciliation: ReconcileResult | null;
  margin: MarginReport | null;
  /** Margin in the reporting currency; null when none was asked for or the conversion failed (see failures). */
  reporting: ReportingMargin | null;
  provider: ProviderCheckRow[] | null;
  /** FOCUS 1.4 cost and usage vs Invoice Detail; empty when no Invoice Detail dataset is loaded. */
  invoices: InvoiceReconciliationRow[] | null;
  slis: BillingSlis | null;
  anomalies: AnomalyFinding[] | null;
  /** Chart data (value, expected, band, verdict per point) for every detected series. */
  anomalyCharts: ChartSeries[];
  fraud: FraudFinding[] | null;
  proposals: Proposal[] | null;
  /** The stages that failed, in run order, with what they threw. */
  failures: { stage: Stage; error: unknown }[];
  /** Milliseconds per stage. */
  timings: Partial<Record<Stage, number>>;
}

/**
 * Runs named steps, recording each one's milliseconds and, instead of throwing, what it threw
 * (null is returned then): the run's stages, and the app's own steps after it.
 */
export function timedStage<N extends string>(
  failures: { stage: N; error: unknown }[],
  timings: Partial<Record<N, number>>,
  onStage?: (name: N) => void,
): <T>(name: N, fn: () => Promise<T>) => Promise<T | null> {
  return async (name, fn) => {
    onStage?.(name);
    const t0 = performance.now();
    try {
      return await fn();
    } catch (error) {
      failures.push({ stage: name, error });
      return null;
    } finally {
      timings[name] = performance.now() - t0;
    }
  };
}

export async function runAnalysis(engine: Engine, opts: RunOptions): Promise<AnalysisRun> {
  const { config } = opts;
  const failures: AnalysisRun['failures'] = [];
  const timings: AnalysisRun['timings'] = {};
  const stage = timedStage<Stage>(failures, timings, opts.onStage);
  const staged =
    (await stage('billing staging', async () => {
      await refuseFilesBesideStaged(engine, opts);
      await prepareBillingTables(engine, config, { usageStaged: opts.usageStaged });
      return true;
    })) === true;
  const reconciliation = staged ? await stage('reconciliation', () => reconcile(engine, config)) : null;
  const mg = staged ? await stage('margin', () => margin(engine, config, { costStaged: opts.costStaged })) : null;
  const reportTo = opts.reportingCurrency === undefined ? config.reportingCurrency : opts.reportingCurrency;
  const maxAgeDays = opts.fxMaxAgeDays ?? config.fxMaxAgeDays;
  const reporting =
    mg && reportTo ? await stage('reporting currency', () => reportingMargin(engine, config, { currency: reportTo, maxAgeDays })) : null;
  const provider = staged ? await stage('provider check', () => providerCheck(engine, config, { costStaged: opts.costStaged })) : null;
  const invoices = await stage('invoice reconciliation', () => invoiceReconciliation(engine));
  const slis = reconciliation && mg ? await stage('slis', () => billingSlis(engine, config, reconciliation, mg)) : null;
  const detected = await stage('anomaly detection', async () => {
    const found = await detectAnomalies(engine, {
      labels: opts.labels,
      detector: opts.detector,
      budget: opts.anomalyBudget,
      usageStaged: opts.usageStaged,
      costStaged: opts.costStaged,
    });
    if (!reconciliation) return found;
    // Usage findings priced through the price book, then every finding ranked by money again.
    const priced = await priceUsageFindings(engine, config, found.findings, reconciliation.rows);
    return { ...found, findings: rankByImpact(priced) };
  });
  const fraud = await stage('fraud rules', () => runFraudRules(engine, { costStaged: opts.costStaged }));
  const proposals = await stage('proposals', async () =>
    buildProposals(
      { reconciliation: reconciliation?.rows ?? [], events: reconciliation?.findings ?? [], anomalies: detected?.findings ?? [], fraud: fraud ?? [] },
      opts.policy ?? {},
    ),
  );
  return {
    reconciliation,
    margin: mg,
    reporting,
    provider,
    invoices,
    slis,
    anomalies: detected?.findings ?? null,
    anomalyCharts: detected?.charts ?? [],
    fraud,
    proposals,
    failures,
    timings,
  };
}

/** Every stage's result present; `reporting` stays optional (null when no reporting currency was asked for). */
export type CompleteRun = { [K in keyof AnalysisRun]: K extends 'reporting' ? AnalysisRun[K] : NonNullable<AnalysisRun[K]> };

/** A run where every stage ran, or the first failure rethrown as it was thrown (what the CLI needs). */
export function completeRun(run: AnalysisRun): CompleteRun {
  if (run.failures.length) throw run.failures[0].error;
  return run as CompleteRun;
}

/** One output table with the run's rows for it (typed per table, erased once here to list them together). */
export interface RunOutput {
  table: OutputTable<unknown>;
  rows: readonly unknown[];
}
const output = <R>(table: OutputTable<R>, rows: readonly R[]): RunOutput => ({ table: table as unknown as OutputTable<unknown>, rows });

/** Every output table of a run with its rows, in the order the CLI writes and the app materializes them. */
export function runOutputs(run: AnalysisRun): RunOutput[] {
  const m = run.margin;
  return [
    output(MARGIN_TABLE, m ? [...m.bySku, ...m.byCustomer, ...m.bySkuCustomer, ...m.bySkuPeriod, ...m.byCurrency, ...m.byPeriod] : []),
    output(MARGIN_REPORTING_TABLE, run.reporting?.rows ?? []),
    output(FX_CONVERSIONS_TABLE, run.reporting?.conversions ?? []),
    output(RECONCILIATION_TABLE, run.reconciliation?.rows ?? []),
    output(EVENT_FINDINGS_TABLE, run.reconciliation?.findings ?? []),
    output(PROVIDER_CHECK_TABLE, run.provider ?? []),
    output(INVOICE_RECONCILIATION_TABLE, run.invoices ?? []),
    output(ANOMALIES_TABLE, run.anomalies ?? []),
    output(FRAUD_TABLE, run.fraud ?? []),
  ];
}
