import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeSeries } from '../../../src/analysis/anomaly/detect-series';
import { generateNullSeries, NULL_KINDS } from '../../../src/analysis/anomaly/null-series';
import { detectAnomalies } from '../../../src/analysis/anomaly/detect-all';
import { createNodeEngine } from '../../../src/engine/node-engine';
import type { Engine } from '../../../src/engine/engine';
import type { AnomalyFinding } from '../../../src/model/findings';
import { parseBillingConfig } from '../../../src/model/mappings';
import { loadText, resetTables } from '../billing/load-helpers';

// Series with no anomaly: every flag is a false alarm. The batch detector's budget is ~1% of points.
describe('false alarms of the batch detector on series without anomalies', () => {
  for (const kind of NULL_KINDS) {
    it(`${kind}: at most 1% of points flagged (daily and hourly spacing)`, () => {
      let flagged = 0;
      let total = 0;
      for (let seed = 1; seed <= 30; seed++) {
        for (const [n, step] of [
          [365, 86_400_000],
          [2000, 3_600_000],
        ]) {
          const g = generateNullSeries(kind, seed, n, step);
          const a = analyzeSeries(g.timestampsMs, g.values);
          flagged += a.points.filter((p) => p.isAnomaly).length;
          total += n;
        }
      }
      expect(flagged / total).toBeLessThanOrEqual(0.01);
    });
  }

  it('a random walk is not a string of level shifts (the CUSUM allows for correlated errors)', () => {
    let shifts = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const g = generateNullSeries('random-walk', seed, 2000, 3_600_000);
      shifts += analyzeSeries(g.timestampsMs, g.values).points.filter((p) => p.isAnomaly && p.method === 'level-shift').length;
    }
    expect(shifts / (30 * 2000)).toBeLessThan(0.001);
  });

  it('heavy-tailed noise does not pass for outliers: t₃ noise stays under 1%, a 30σ spike in it is still found', () => {
    const g = generateNullSeries('heavy-tailed', 3, 2000, 3_600_000);
    const v = g.values.slice();
    v[1500] += 300 * 10;
    const a = analyzeSeries(g.timestampsMs, v);
    expect(a.points[1500].isAnomaly).toBe(true);
  });
});

// The demo company has planted billing faults, not planted anomalies: each finding on its series
// is one of a known list (read and explained), and the list must not grow.
const DEMO = path.resolve(__dirname, '../../../samples/demo');
const EXPLAINED: Record<string, string> = {
  // unattributed_events in planted.json: seven events without a customer on a series that is otherwise empty.
  'usage|customer_id=|sku=api_calls 2024-03-10': 'planted unattributed events',
  // initech's two quiet days either side of its burst (952 calls on 14 March, 6 events where a day has 1-2): on the
  // log scale the quiet days stand out and the burst stays inside the band; they were one event reading "+117%" before.
  'usage|customer_id=initech|sku=api_calls 2024-03-13': 'initech quiet day (6 calls against ~144)',
  'usage|customer_id=initech|sku=api_calls 2024-03-15': 'initech quiet day (1 call against ~149)',
  'usage|customer_id=initech|sku=api_calls 2024-03-07': 'initech quiet day (18 calls against ~180)',
  'usage|customer_id=umbrella|sku=api_calls 2024-03-06': 'umbrella two quiet days (20 calls against ~300)',
  'usage|customer_id=kumo|sku=api_calls 2024-03-03': 'kumo quiet day (10 calls against ~180)',
  'usage|customer_id=globex|sku=api_calls 2024-03-15': 'globex quiet day (15 calls against ~150)',
  'cost|ServiceName=Amazon SageMaker|currency=USD 2024-03-11': 'SageMaker cost dip (-44%)',
};

describe('false alarms on the demo company', () => {
  let engine: Engine;
  let findings: AnomalyFinding[];
  beforeAll(async () => {
    engine = await createNodeEngine();
    const cfg = parseBillingConfig(readFileSync(path.join(DEMO, 'config.json'), 'utf8'), 'config.json');
    await resetTables(engine);
    for (const f of ['cost_focus.csv', 'usage_cloudevents.ndjson', 'lago_invoice_fees.csv', 'price_book.csv'])
      await loadText(engine, f, readFileSync(path.join(DEMO, f), 'utf8'), cfg);
    findings = (await detectAnomalies(engine)).findings;
  }, 60_000);
  afterAll(async () => engine?.close());

  it('every finding is one of the known, explained ones', () => {
    const keys = findings.map((f) => `${f.series_key} ${f.start}`);
    for (const k of keys) expect(EXPLAINED, k).toHaveProperty([k]);
    expect(keys.length).toBeLessThanOrEqual(Object.keys(EXPLAINED).length);
  });
});
