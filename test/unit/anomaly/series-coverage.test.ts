import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { coverageSegments, MAX_GAP_BUCKETS } from '../../../src/analysis/anomaly/series-coverage';
import { loadSeries } from '../../../src/analysis/anomaly/series-sql';
import { createNodeEngine } from '../../../src/engine/node-engine';
import { ensureCanonicalTables } from '../../../src/engine/ddl';
import type { Engine } from '../../../src/engine/engine';
import { analyzeFiles, type InputFile } from '../../run/analyze-files';
import { parseCsv } from '../../../src/model/csv';

describe('coverage segments', () => {
  it('one scope over contiguous files is one segment; a short gap is missing, a long one starts over', () => {
    expect(
      coverageSegments(
        [
          { scope: 'a', first: 0, last: 30 },
          { scope: 'a', first: 31, last: 59 },
        ],
        7,
      ),
    ).toEqual([{ first: 0, last: 59, missing: [] }]);
    expect(
      coverageSegments(
        [
          { scope: 'a', first: 0, last: 10 },
          { scope: 'a', first: 14, last: 20 },
        ],
        7,
      ),
    ).toEqual([{ first: 0, last: 20, missing: [11, 12, 13] }]);
    expect(
      coverageSegments(
        [
          { scope: 'a', first: 0, last: 10 },
          { scope: 'a', first: 40, last: 50 },
        ],
        7,
      ),
    ).toEqual([
      { first: 0, last: 10, missing: [] },
      { first: 40, last: 50, missing: [] },
    ]);
  });
  it('a scope that joins or leaves starts a new segment (another export is not a spike)', () => {
    expect(
      coverageSegments(
        [
          { scope: 'a', first: 0, last: 29 },
          { scope: 'b', first: 15, last: 29 },
        ],
        MAX_GAP_BUCKETS.day,
      ),
    ).toEqual([
      { first: 0, last: 14, missing: [] },
      { first: 15, last: 29, missing: [] },
    ]);
    expect(coverageSegments([], 7)).toEqual([]);
  });
});

describe('series over the files that cover them', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createNodeEngine();
    await ensureCanonicalTables(engine);
    // Account A's January and March exports (February never arrived), 10 USD a day of EC2;
    // S3 stops on 20 January inside January's export.
    await engine.exec(`
      INSERT INTO cost_lines (ProviderName, BillingAccountId, ServiceName, BillingCurrency, ChargePeriodStart, ChargePeriodEnd, BilledCost, source_file)
      SELECT 'AWS', 'A', s.svc, 'USD', d, d + INTERVAL 1 DAY, 10, CASE WHEN month(d) = 1 THEN 'jan.csv' ELSE 'mar.csv' END
      FROM range(TIMESTAMP '2025-01-01', TIMESTAMP '2025-04-01', INTERVAL 1 DAY) t(d), (VALUES ('EC2'), ('S3')) s(svc)
      WHERE month(d) <> 2 AND NOT (s.svc = 'S3' AND d >= TIMESTAMP '2025-01-20')`);
  });
  afterAll(async () => engine?.close());

  it('a month no file covers is not a month of zeros: each covered stretch is its own segment', async () => {
    const s = await loadSeries(engine, { source: 'cost', keys: ['ServiceName'] });
    const ec2 = s.filter((x) => x.dimensions.ServiceName === 'EC2');
    expect(ec2.map((x) => [x.key, x.values.length])).toEqual([
      ['cost|ServiceName=EC2|currency=USD|from=2025-01-01', 31],
      ['cost|ServiceName=EC2|currency=USD|from=2025-03-01', 31],
    ]);
    expect(ec2.every((x) => x.values.every((v) => v === 10))).toBe(true);
    // Within January's export S3 is zero after it stopped (a signal), not missing.
    const s3 = s.find((x) => x.dimensions.ServiceName === 'S3')!;
    expect(s3.values.length).toBe(31);
    expect(s3.values.slice(19)).toEqual(new Array(12).fill(0));
  });
});

const read = (p: string) => readFileSync(p, 'utf8');
const demoFiles = (): InputFile[] =>
  ['cost_focus.csv', 'usage_cloudevents.ndjson', 'lago_invoice_fees.csv', 'price_book.csv', 'config.json'].map((n) => ({
    name: n,
    text: read(path.join('test/fixtures/demo-march', n)),
  }));
// Three real exports of other months and scopes (samples/real: FOCUS sample, Azure EA, AWS CUR).
const otherMonths = (): InputFile[] =>
  ['focus-sample/focus_sample.csv', 'finops-toolkit/EA_ActualCost_Small.csv', 'focus-converters/aws-cur-legacy-sample.csv'].map((p) => ({
    name: path.basename(p),
    text: read(path.join('samples/real', p)),
  }));

describe('exports of other months loaded beside the demo', () => {
  let demo: Record<string, string>;
  let mixed: Record<string, string>;
  beforeAll(async () => {
    const one = await createNodeEngine();
    const two = await createNodeEngine();
    try {
      [demo, mixed] = await Promise.all([
        analyzeFiles(one, demoFiles(), 'config.json'),
        analyzeFiles(two, [...demoFiles(), ...otherMonths()], 'config.json'),
      ]);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  }, 180_000);

  it('add no anomaly finding and no fraud hit to the demo’s own', () => {
    expect(demo['anomalies.csv'].split('\n').length).toBeGreaterThan(5);
    expect(mixed['anomalies.csv']).toBe(demo['anomalies.csv']);
    expect(mixed['fraud.csv']).toBe(demo['fraud.csv']);
  });

  it('every usage finding carries money: its extra quantity priced at the price book (api_calls 0.002 USD, 500 free a month)', () => {
    const [head, ...rows] = parseCsv(demo['anomalies.csv']).filter((r) => r.length > 1);
    const col = (r: string[], name: string) => r[head.indexOf(name)];
    const usage = rows.filter((r) => col(r, 'series_key').startsWith('usage|'));
    expect(usage.length).toBeGreaterThan(3);
    for (const r of usage) {
      expect(col(r, 'impact')).toMatch(/^-?\d+(\.\d+)?$/);
      expect(col(r, 'currency')).toMatch(/^[A-Z]{3}$/);
    }
    // initech's quiet 13 March (a drop priced as a credit): the reconciliation bills initech in USD and its month is past the free 500.
    const spike = usage.find((r) => col(r, 'series_key') === 'usage|customer_id=initech|sku=api_calls' && col(r, 'start') === '2024-03-13')!;
    const dq = Number(col(spike, 'quantity_impact'));
    expect(dq).toBeCloseTo(Number(col(spike, 'actual')) - Number(col(spike, 'expected')), 4);
    expect(col(spike, 'currency')).toBe('USD');
    expect(col(spike, 'impact')).toBe((Math.round(dq * 0.002 * 100) / 100).toFixed(2));
  });
});
