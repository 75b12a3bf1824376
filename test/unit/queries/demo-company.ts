/**
 * The demo company (samples/demo) loaded through the ingest pipeline into a Node engine, with
 * the analyses run and their analysis_* result tables written as the app writes them, so query
 * modules are tested on the same canonical and result tables the screens read.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createNodeEngine } from '../../../src/engine/node-engine';
import type { Engine } from '../../../src/engine/engine';
import { parseBillingConfig } from '../../../src/model/mappings';
import { prepareBillingTables } from '../../../src/analysis/reconcile/prepare';
import { reconcile } from '../../../src/analysis/reconcile/reconcile';
import { margin } from '../../../src/analysis/margin/margin';
import { detectAnomalies } from '../../../src/analysis/anomaly/detect-all';
import { runFraudRules } from '../../../src/analysis/fraud/index';
import { materializeResults } from '../../../renderer/analysis/result-tables';
import { loadText, resetTables } from '../billing/load-helpers';

const DEMO = path.resolve(__dirname, '../../../samples/demo');
const DATA_FILES = ['cost_focus.csv', 'usage_cloudevents.ndjson', 'lago_invoice_fees.csv', 'price_book.csv'];

/** Loads the demo files only (canonical tables, no analyses). */
export async function loadDemoTables(engine: Engine): Promise<void> {
  const cfg = parseBillingConfig(readFileSync(path.join(DEMO, 'config.json'), 'utf8'), 'config.json');
  await resetTables(engine);
  for (const f of DATA_FILES) await loadText(engine, f, readFileSync(path.join(DEMO, f), 'utf8'), cfg);
}

/** A fresh engine holding the demo company and its analysis_* tables. */
export async function demoCompany(opts: { analyses?: boolean } = {}): Promise<Engine> {
  const engine = await createNodeEngine();
  await loadDemoTables(engine);
  if (opts.analyses === false) return engine;
  const cfg = parseBillingConfig(readFileSync(path.join(DEMO, 'config.json'), 'utf8'), 'config.json');
  await prepareBillingTables(engine, cfg);
  const recon = await reconcile(engine, cfg);
  const mg = await margin(engine, cfg);
  const detected = await detectAnomalies(engine);
  const fraud = await runFraudRules(engine);
  await materializeResults(engine, {
    version: 1,
    margin: mg,
    recon,
    anomalies: detected.findings,
    anomalyCharts: detected.charts,
    fraud,
    proposals: null,
    errors: {},
    ms: 0,
    timings: {},
  });
  return engine;
}
