/**
 * A run over the warehouse's aggregates (usageStaged / costStaged) would leave rows loaded from
 * files out of every figure: it is refused, naming how many, whichever came first (in the app a
 * file can be opened after a warehouse load).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../../src/engine/node-engine';
import type { Engine } from '../../../src/engine/engine';
import { defaultBillingConfig } from '../../../src/model/mappings';
import { runAnalysis } from '../../../src/run/analysis-run';
import { loadText, resetTables } from '../billing/load-helpers';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => engine?.close());

const event = (id: string, day: string, value: string) =>
  `{"specversion":"1.0","id":"${id}","source":"gw","type":"api_calls","subject":"c1","time":"2024-03-${day}T00:00:00Z","data":{"value":"${value}"}}\n`;
const EVENTS = event('e1', '01', '1') + event('e2', '02', '2') + event('e3', '03', '3');
const COST =
  'BilledCost,EffectiveCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,BillingPeriodStart,BillingPeriodEnd,ChargeCategory,ServiceName,ProviderName,ListCost,ContractedCost,Tags\n' +
  '1.5,1.5,USD,2024-03-01,2024-03-02,2024-03-01,2024-04-01,Usage,S3,AWS,1.5,1.5,"{""sku"":""api""}"\n';

const billingFailure = async (opts: { usageStaged?: boolean; costStaged?: boolean }) => {
  const run = await runAnalysis(engine, { config: defaultBillingConfig(), ...opts });
  const f = run.failures.find((x) => x.stage === 'billing staging');
  return { message: f ? (f.error as Error).message : null, reconciliation: run.reconciliation };
};

describe('files beside warehouse aggregates', () => {
  it('usage events loaded from files are named and refused when the usage comes from the warehouse', async () => {
    await resetTables(engine);
    await loadText(engine, 'events.ndjson', EVENTS);
    const { message, reconciliation } = await billingFailure({ usageStaged: true });
    expect(message).toMatch(/usage events are both in the warehouse and loaded from files \(3 events\)/);
    expect(reconciliation).toBeNull();
    // The same files without a warehouse: the run goes through.
    expect((await billingFailure({})).message).toBeNull();
  });

  it('cost lines loaded from files are refused when the cost comes from the warehouse', async () => {
    await resetTables(engine);
    await loadText(engine, 'cost.csv', COST);
    expect((await billingFailure({ costStaged: true })).message).toMatch(/cost lines are both in the warehouse and loaded from files \(1 lines\)/);
  });
});
