/**
 * The bundled demo company (samples/demo, a year of 2024) against its answer key: the files are
 * what the generator writes (seed 42, --year), every planted fault is found to the cent, margin
 * per SKU per month matches the generator's own pricing and cost sums (planted-answers.json, an
 * implementation apart from the product's), the September incident of dropped usage events is
 * flagged by the anomaly detector, and the savings plan's purchase pays for the usage it covers.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine';
import { createNodeEngine } from '../../../src/engine/node-engine';
import { parseBillingConfig } from '../../../src/model/mappings';
import { runAnalysis, type AnalysisRun } from '../../../src/run/analysis-run';
import { generateScenario, type PlantedFault, type YearAnswers } from '../../scenario/generate';
import { loadText, resetTables } from '../billing/load-helpers';
import { exact } from './demo-company';

const DEMO = path.resolve(__dirname, '../../../samples/demo');
const read = (f: string) => readFileSync(path.join(DEMO, f), 'utf8');
const DATA = ['cost_focus.csv', 'usage_cloudevents.ndjson', 'lago_invoice_fees.csv', 'price_book.csv', 'fx_rates.csv'];

describe('the demo company’s year against its answer key', () => {
  let engine: Engine;
  let run: AnalysisRun;
  const planted = JSON.parse(read('planted.json')) as PlantedFault[];
  const answers = JSON.parse(read('planted-answers.json')) as YearAnswers;
  beforeAll(async () => {
    engine = await createNodeEngine();
    const cfg = parseBillingConfig(read('config.json'), 'config.json');
    await resetTables(engine);
    for (const f of DATA) await loadText(engine, f, read(f), cfg);
    run = await runAnalysis(engine, { config: cfg });
  }, 120_000);
  afterAll(async () => engine?.close());

  it('is what the generator writes: deterministic, regenerated rather than edited', () => {
    const s = generateScenario({ seed: 42, faults: true, year: true });
    for (const f of s.files) expect(read(f.name), f.name).toBe(f.text);
    expect(planted).toEqual(s.planted);
    expect(answers).toEqual(s.answers);
  });

  it('spans twelve months of cost, usage and invoices, in two billing currencies', async () => {
    const months = await engine.query(
      `SELECT (SELECT count(DISTINCT strftime("ChargePeriodStart", '%Y-%m')) FROM cost_lines) AS cost,
              (SELECT count(DISTINCT strftime(ts, '%Y-%m')) FROM usage_events) AS usage,
              (SELECT count(DISTINCT currency) FROM invoice_lines) AS currencies`,
    );
    expect(months).toEqual([{ cost: 12, usage: 12, currencies: 2 }]);
  });

  it('finds every planted fault with its exact deltas', () => {
    const rows = run.reconciliation!.rows;
    for (const p of planted.filter((x) => x.reconciliation)) {
      const r = rows.find((x) => x.customer_id === p.customer_id && x.sku === p.sku && x.period === p.period && x.currency === p.currency);
      expect(r, `${p.kind} row`).toBeDefined();
      expect(r!.status, p.kind).toBe(p.reconciliation!.status);
      expect(exact(r!.quantity_delta), `${p.kind} quantity`).toBe(exact(p.reconciliation!.quantity_delta));
      expect(exact(r!.amount_delta), `${p.kind} amount`).toBe(exact(p.reconciliation!.amount_delta));
    }
    // Every other customer × SKU × month matches: the price change and January's prices applied.
    const faulty = new Set(planted.filter((x) => x.reconciliation).map((p) => `${p.customer_id}|${p.sku}|${p.period}`));
    const others = rows.filter((x) => !faulty.has(`${x.customer_id}|${x.sku}|${x.period}`));
    expect(others.length).toBeGreaterThan(100);
    expect(others.filter((x) => x.status !== 'matched').map((x) => `${x.customer_id}|${x.sku}|${x.period} ${x.status}`)).toEqual([]);
  });

  it('margin per SKU per month, to the cent', () => {
    const got = run.margin!.bySkuPeriod.map((m) => ({
      sku: m.sku,
      period: m.period,
      currency: m.currency,
      revenue: exact(m.revenue),
      cost: exact(m.cost),
      margin: exact(m.margin),
    }));
    const want = answers.margins.map((m) => ({
      sku: m.sku,
      period: m.period,
      currency: m.currency,
      revenue: exact(m.revenue),
      cost: exact(m.cost),
      margin: exact(m.margin),
    }));
    const byKey = (a: { sku: string; period: string; currency: string }) => `${a.currency}|${a.period}|${a.sku}`;
    expect(got.sort((a, b) => byKey(a).localeCompare(byKey(b)))).toEqual(want.sort((a, b) => byKey(a).localeCompare(byKey(b))));
    expect(want.filter((m) => m.sku === 'gpu_minutes' && m.currency === 'USD' && m.margin! < 0n)).toHaveLength(12);
  });

  it('the anomaly detector flags the incident: the usage events dropped in September', () => {
    const i = answers.incident;
    const hit = run.anomalies!.filter((f) => f.series_key === `usage|customer_id=${i.customer_id}|sku=${i.sku}`);
    const inWindow = hit.filter((f) => f.start.slice(0, 10) >= i.from.slice(0, 10) && f.start.slice(0, 10) < i.to.slice(0, 10));
    expect(inWindow, 'a finding starting inside the window').toHaveLength(1);
    expect(inWindow[0].actual).toBeLessThan(inWindow[0].expected);
    expect(i.events).toBeGreaterThan(0);
    expect(exact(i.revenue_lost)! > 0n).toBe(true);
  });

  it('every usage finding carries money, priced in the currency the customer is billed in', () => {
    const usage = run.anomalies!.filter((f) => f.series_key.startsWith('usage|'));
    expect(usage.length).toBeGreaterThan(0);
    for (const f of usage) {
      const billed = run.reconciliation!.rows.find((r) => r.customer_id === f.dimensions.customer_id && r.sku === f.dimensions.sku);
      expect(f.impact, f.series_key).toMatch(/^-?\d+(\.\d+)?$/);
      expect(f.currency, f.series_key).toBe(billed!.currency);
      expect(f.quantity_impact, f.series_key).toMatch(/^-?\d/);
      expect(f.explanation, f.series_key).toMatch(/ at the \d{4}-\d{2} price book: -?[\d.]+ [A-Z]{3}$/);
      // Missing usage is money not billed, extra usage money billed on top.
      expect(exact(f.impact)! < 0n, f.series_key).toBe(f.actual < f.expected);
    }
  });

  it('the provider invoices and the savings plan: actual cost pays up front what amortized cost spreads', async () => {
    const [t] = (await engine.query(
      `SELECT CAST(sum("BilledCost") AS VARCHAR) AS billed, CAST(sum("EffectiveCost") AS VARCHAR) AS effective,
              CAST(sum("BilledCost") FILTER (WHERE "ChargeCategory" = 'Purchase') AS VARCHAR) AS purchase FROM cost_lines`,
    )) as { billed: string; effective: string; purchase: string }[];
    expect(exact(t.billed)).toBe(exact(t.effective));
    expect(exact(t.purchase)).toBe(exact(answers.savings_plan.billed));
    expect(exact(answers.savings_plan.covered_effective)).toBe(exact(answers.savings_plan.billed));
    const totals = answers.invoices.reduce((a, x) => a + exact(x.total)!, 0n);
    expect(totals).toBe(exact(t.billed));
    expect(
      run.provider!.every((r) => r.status === 'matched'),
      JSON.stringify(run.provider!.filter((r) => r.status !== 'matched')),
    ).toBe(true);
  });
});
