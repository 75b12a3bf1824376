import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../../src/engine/node-engine';
import type { Engine } from '../../../src/engine/engine';
import { parseBillingConfig } from '../../../src/model/mappings';
import { prepareBillingTables } from '../../../src/analysis/reconcile/prepare';
import { reconcile, type ReconcileResult } from '../../../src/analysis/reconcile/reconcile';
import { margin, type MarginReport } from '../../../src/analysis/margin/margin';
import { generateScenario, SCENARIO_FILES, type Scenario } from '../../scenario/generate';
import { loadText, resetTables } from '../billing/load-helpers';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => engine?.close());

async function run(s: Scenario): Promise<{ recon: ReconcileResult; mg: MarginReport }> {
  await resetTables(engine);
  const cfg = parseBillingConfig(s.files.find((f) => f.name === SCENARIO_FILES.config)!.text, SCENARIO_FILES.config);
  for (const f of s.files) if (f.name !== SCENARIO_FILES.config) await loadText(engine, f.name, f.text, cfg);
  await prepareBillingTables(engine, cfg);
  return { recon: await reconcile(engine, cfg), mg: await margin(engine, cfg) };
}

describe('planted-fault scenario', () => {
  const scenario = generateScenario({ seed: 7, faults: true });
  let res: { recon: ReconcileResult; mg: MarginReport };
  beforeAll(async () => {
    res = await run(scenario);
  });

  for (const p of scenario.planted) {
    it(`finds ${p.kind} (${p.customer_id || 'no customer'} / ${p.sku}) with the exact delta`, () => {
      if (p.reconciliation) {
        const row = res.recon.rows.find(
          (r) => r.customer_id === p.customer_id && r.sku === p.sku && r.period === p.period && r.currency === p.currency,
        );
        expect(row, 'reconciliation row').toBeDefined();
        expect({ status: row!.status, quantity_delta: row!.quantity_delta, amount_delta: row!.amount_delta }).toEqual(p.reconciliation);
      }
      if (p.finding) {
        const f = res.recon.findings.filter((x) => x.code === p.finding!.code && x.customer_id === p.customer_id && x.sku === p.sku);
        expect(f).toHaveLength(1);
        expect({ code: f[0].code, quantity: f[0].quantity, amount: f[0].amount }).toEqual(p.finding);
        expect(f[0].source_rows.length).toBeGreaterThan(0);
      }
      if (p.margin) {
        const m = res.mg.bySku.find((r) => r.sku === p.sku && r.currency === p.currency);
        expect(m, 'margin row').toBeDefined();
        expect({ revenue: m!.revenue, cost: m!.cost, margin: m!.margin }).toEqual(p.margin);
      }
    });
  }

  it('flags nothing that was not planted', () => {
    const plantedKeys = new Set(scenario.planted.filter((p) => p.reconciliation).map((p) => `${p.customer_id}|${p.sku}`));
    const unexpected = res.recon.rows.filter((r) => r.status !== 'matched' && !plantedKeys.has(`${r.customer_id}|${r.sku}`));
    expect(unexpected).toEqual([]);
    const findingKeys = new Set(scenario.planted.filter((p) => p.finding).map((p) => `${p.finding!.code}|${p.customer_id}|${p.sku}`));
    expect(res.recon.findings.filter((f) => !findingKeys.has(`${f.code}|${f.customer_id}|${f.sku}`))).toEqual([]);
    expect(res.mg.negativeSkus.map((r) => r.sku)).toEqual(['gpu_minutes']);
  });

  it('keeps currencies apart and shows untagged cost as its own line', () => {
    const currencies = new Set(res.mg.bySku.map((r) => `${r.sku}|${r.currency}`));
    expect(currencies.has('api_calls|JPY')).toBe(true);
    expect(currencies.has('api_calls|USD')).toBe(true);
    const un = res.mg.bySku.find((r) => r.sku === '(unallocated)');
    expect(un?.revenue).toBe('0.00');
    expect(Number(un?.cost)).toBeGreaterThan(0);
  });
});

describe('clean scenario', () => {
  it('reconciles to zero findings', async () => {
    const { recon, mg } = await run(generateScenario({ seed: 11, faults: false }));
    expect(recon.rows.length).toBeGreaterThan(8);
    expect(recon.rows.filter((r) => r.status !== 'matched')).toEqual([]);
    expect(recon.findings).toEqual([]);
    expect(mg.negativeSkus).toEqual([]);
  });
});
