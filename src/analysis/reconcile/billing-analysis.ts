/**
 * One call for the app and the CLI: every billing analysis over the loaded canonical tables.
 * Engine-only (no node:*), so the renderer runs it on the worker engine.
 */
import type { Engine } from '../../engine/engine';
import type { BillingConfig } from '../../model/mappings';
import { margin, type MarginReport } from '../margin/margin';
import { providerCheck, type ProviderCheckRow } from '../provider-check/provider-check';
import { billingSlis, type BillingSlis } from '../slis/billing-slis';
import { prepareBillingTables } from './prepare';
import { reconcile, type ReconcileResult } from './reconcile';

export interface BillingAnalysis {
  reconciliation: ReconcileResult;
  margin: MarginReport;
  provider: ProviderCheckRow[];
  slis: BillingSlis;
  /** Milliseconds per stage, for progress displays and benchmarks. */
  timings: Record<string, number>;
}

export async function runBillingAnalysis(engine: Engine, cfg: BillingConfig, onStage?: (stage: string) => void): Promise<BillingAnalysis> {
  const timings: Record<string, number> = {};
  const stage = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    onStage?.(name);
    const t0 = performance.now();
    const out = await fn();
    timings[name] = performance.now() - t0;
    return out;
  };
  await stage('prepare', () => prepareBillingTables(engine, cfg));
  const reconciliation = await stage('reconcile', () => reconcile(engine, cfg));
  const mg = await stage('margin', () => margin(engine, cfg));
  const provider = await stage('provider-check', () => providerCheck(engine, cfg));
  const slis = await stage('slis', () => billingSlis(engine, cfg, reconciliation, mg));
  return { reconciliation, margin: mg, provider, slis, timings };
}
