import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../../src/engine/node-engine';
import type { Engine } from '../../../src/engine/engine';
import { ensureCanonicalTables } from '../../../src/engine/ddl';
import { loadSeries } from '../../../src/analysis/anomaly/series-sql';
import { detectFromTables } from '../../../src/analysis/anomaly/detect-all';
import { MemoryLabelStore } from '../../../src/analysis/anomaly/labels';

let engine: Engine;

beforeAll(async () => {
  engine = await createNodeEngine();
  await ensureCanonicalTables(engine);
  // 120 days of cost for two services × two accounts; account B's EC2 cost jumps on day 100.
  await engine.exec(`
    INSERT INTO cost_lines (ServiceName, SubAccountId, RegionId, BillingCurrency, ChargePeriodStart, BilledCost)
    SELECT s.svc, a.acct, 'us-east-1', 'USD',
           TIMESTAMP '2025-01-01' + INTERVAL (d) DAY + INTERVAL (h * 6) HOUR,
           CAST(((CASE s.svc WHEN 'EC2' THEN 100 ELSE 20 END) * (CASE a.acct WHEN 'A' THEN 1 ELSE 0.5 END)
             * (1 + 0.03 * sin(d * 1.7 + h)) * (CASE WHEN dayofweek(TIMESTAMP '2025-01-01' + INTERVAL (d) DAY) IN (0, 6) THEN 0.6 ELSE 1 END)
             * (CASE WHEN s.svc = 'EC2' AND a.acct = 'B' AND d = 100 THEN 6 ELSE 1 END)) / 4 AS DECIMAL(38,18))
    FROM range(120) t(d), range(4) u(h),
         (VALUES ('EC2'), ('S3')) s(svc), (VALUES ('A'), ('B')) a(acct)`);
  await engine.exec(`
    INSERT INTO usage_events (event_id, customer_id, sku, ts, quantity)
    SELECT 'e' || d || '-' || c, c, 'api_calls', TIMESTAMP '2025-01-01' + INTERVAL (d) DAY + INTERVAL 3 HOUR, CAST(1000 + d AS DECIMAL(38,18))
    FROM range(60) t(d), (VALUES ('acme'), ('globex')) x(c) WHERE NOT (c = 'globex' AND d = 30)`);
  await engine.exec(`
    INSERT INTO invoice_lines (invoice_id, line_id, customer_id, sku, period_start, amount, currency, kind)
    VALUES ('i1', 'l1', 'acme', 'api_calls', TIMESTAMP '2025-01-01', 10.50, 'EUR', 'fee'),
           ('i2', 'l2', 'acme', 'api_calls', TIMESTAMP '2025-01-03', 11.25, 'EUR', 'fee'),
           ('i3', 'l3', 'acme', 'api_calls', TIMESTAMP '2025-01-04', 12.00, 'EUR', 'fee')`);
});
afterAll(async () => engine?.close());

describe('series from the canonical tables', () => {
  it('daily cost per service sums exactly in the engine, one series per currency', async () => {
    const s = await loadSeries(engine, { source: 'cost', keys: ['ServiceName'] });
    expect(s.map((x) => x.key).sort()).toEqual(['cost|ServiceName=EC2|currency=USD', 'cost|ServiceName=S3|currency=USD']);
    const ec2 = s.find((x) => x.dimensions.ServiceName === 'EC2')!;
    expect(ec2.timestampsMs.length).toBe(120);
    expect(ec2.amounts![0]).toMatch(/^\d+\.\d{18}$/);
    expect(ec2.currency).toBe('USD');
  });
  it('usage per customer × sku fills missing days with zero; billed per customer keeps its currency', async () => {
    const u = await loadSeries(engine, { source: 'usage' });
    const globex = u.find((x) => x.dimensions.customer_id === 'globex')!;
    expect(globex.values[30]).toBe(0);
    expect(globex.currency).toBeNull();
    const b = await loadSeries(engine, { source: 'billed' });
    expect(b[0].key).toBe('billed|customer_id=acme|currency=EUR');
    expect(b[0].amounts).toEqual(['10.500000000000000000', '0', '11.250000000000000000', '12.000000000000000000']);
  });
  it('hourly buckets', async () => {
    const s = await loadSeries(engine, { source: 'cost', keys: ['ServiceName'], bucket: 'hour', where: { ServiceName: 'S3' } });
    expect(s).toHaveLength(1);
    expect(s[0].timestampsMs[1] - s[0].timestampsMs[0]).toBe(3_600_000);
  });
  it('rejects key columns outside the list (nothing free-form reaches the SQL)', async () => {
    await expect(loadSeries(engine, { source: 'cost', keys: ['ServiceName; DROP TABLE cost_lines'] })).rejects.toThrow(/not a key/);
  });
  it('finds the spike, prices it exactly in USD and names the account that moved', async () => {
    const run = await detectFromTables(engine, { source: 'cost', keys: ['ServiceName'] }, { rootCause: ['SubAccountId', 'RegionId'] });
    const f = run.findings.find((x) => x.series_key === 'cost|ServiceName=EC2|currency=USD')!;
    expect(f).toBeDefined();
    expect(f.start).toBe('2025-04-11');
    expect(f.currency).toBe('USD');
    expect(f.impact).toMatch(/^\d+\.\d{2}$/);
    expect(Number(f.impact)).toBeGreaterThan(200);
    expect(f.contributors![0]).toMatchObject({ dimension: 'SubAccountId', value: 'B' });
    expect(f.contributors![0].share).toBeGreaterThan(0.9);
    expect(run.findings.some((x) => x.series_key.includes('S3'))).toBe(false);
    const chart = run.charts.find((c) => c.series_key === f.series_key)!;
    expect(chart.points[100]).toMatchObject({ ts: '2025-04-11', is_anomaly: true });
    expect(chart.points[100].band_high).toBeLessThan(chart.points[100].value);
  });
  it('a finding labelled true is kept out of the next baseline; labelled false is not raised again', async () => {
    const store = new MemoryLabelStore();
    const key = 'cost|ServiceName=EC2|currency=USD';
    await store.put({ series_key: key, start: '2025-04-11', end: '2025-04-11', label: 'false', at: '2025-05-01T00:00:00Z' });
    const again = await detectFromTables(engine, { source: 'cost', keys: ['ServiceName'] }, { labels: await store.list() });
    expect(again.findings.some((x) => x.series_key === key)).toBe(false);
    await store.put({ series_key: key, start: '2025-04-11', end: '2025-04-11', label: 'true', at: '2025-05-01T00:00:00Z' });
    const labelled = await detectFromTables(engine, { source: 'cost', keys: ['ServiceName'] }, { labels: await store.list() });
    const chart = labelled.charts.find((c) => c.series_key === key)!;
    expect(chart.points[100].excluded).toBe(true);
    expect(chart.points[100].is_anomaly).toBe(false);
    expect((await store.list()).length).toBe(1);
  });
});

describe('engine-level entry point', () => {
  it('detectAnomalies runs every table with rows and ranks money first', async () => {
    const { detectAnomalies } = await import('../../../src/analysis/anomaly/detect-all');
    const r = await detectAnomalies(engine, { budget: 10 });
    expect(r.findings[0].series_key).toBe('cost|ServiceName=EC2|currency=USD');
    expect(r.findings[0].contributors?.[0].value).toBe('B');
    expect(r.charts.some((c) => c.series_key.startsWith('usage|'))).toBe(true);
    expect(r.charts.some((c) => c.series_key.startsWith('billed|'))).toBe(true);
  });
});
