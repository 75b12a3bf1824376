/**
 * The demo company's March (test/fixtures/demo-march, the one-month scenario the query tests pin) loaded through the ingest pipeline into a Node engine, with
 * the analyses run and their analysis_* result tables written as the app writes them, so query
 * modules are tested on the same canonical and result tables the screens read.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createNodeEngine } from '../../../src/engine/node-engine';
import type { Engine } from '../../../src/engine/engine';
import { parseBillingConfig, type BillingConfig } from '../../../src/model/mappings';
import { runAnalysis, runOutputs, type AnalysisRun } from '../../../src/run/analysis-run';
import { writeResultTable } from '../../../src/run/result-tables';
import type { PlantedFault } from '../../scenario/generate';
import { parseDecimal, sumDecimals } from '../../../src/model/money';
import { loadText, resetTables } from '../billing/load-helpers';

const DEMO = path.resolve(__dirname, '../../fixtures/demo-march');
const DATA_FILES = ['cost_focus.csv', 'usage_cloudevents.ndjson', 'lago_invoice_fees.csv', 'price_book.csv'];

export function demoConfig(): BillingConfig {
  return parseBillingConfig(readFileSync(path.join(DEMO, 'config.json'), 'utf8'), 'config.json');
}

/** The demo's planted problems and their exact expected effects (test/fixtures/demo-march/planted.json). */
export function demoPlanted(): PlantedFault[] {
  return JSON.parse(readFileSync(path.join(DEMO, 'planted.json'), 'utf8')) as PlantedFault[];
}

async function loadDemoTables(engine: Engine): Promise<void> {
  const cfg = demoConfig();
  await resetTables(engine);
  for (const f of DATA_FILES) await loadText(engine, f, readFileSync(path.join(DEMO, f), 'utf8'), cfg);
}

export interface DemoCompany {
  engine: Engine;
  /** What the analyses returned before their rows were written to the analysis_* tables. */
  analysis: AnalysisRun;
}

/**
 * A fresh engine holding the demo company and its analysis_* tables; `before` may add rows to the
 * canonical tables first (e.g. events the fraud rules should catch).
 */
export async function demoCompany(opts: { before?: (engine: Engine) => Promise<void> } = {}): Promise<DemoCompany> {
  const engine = await createNodeEngine();
  await loadDemoTables(engine);
  await opts.before?.(engine);
  const analysis = await runAnalysis(engine, { config: demoConfig() });
  for (const o of runOutputs(analysis)) await writeResultTable(engine, o.table, o.rows);
  return { engine, analysis };
}

/** A fresh engine (the wasm build unless `create` gives another) with the demo files loaded and no analyses run. */
export async function demoTables(create: () => Promise<Engine> = createNodeEngine): Promise<Engine> {
  const engine = await create();
  await loadDemoTables(engine);
  return engine;
}

/** A decimal string as an exact value at the result tables' scale, to compare '1.26' with '1.260000000000000000'. */
export function exact(value: string | null | undefined): bigint | null {
  return value === null || value === undefined || value === '' ? null : parseDecimal(value, 18);
}

/** Exact sum of decimal strings at the result tables' scale (18 places), as the tables write it. */
export function sumAtScale(values: readonly string[]): string {
  return sumDecimals(values, 18);
}
