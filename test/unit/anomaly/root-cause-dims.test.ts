import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../../src/engine/node-engine';
import type { Engine } from '../../../src/engine/engine';
import { ensureCanonicalTables } from '../../../src/engine/ddl';
import { detectFromTables } from '../../../src/analysis/anomaly/detect-all';
import { loadSeries } from '../../../src/analysis/anomaly/series-sql';

let engine: Engine;

beforeAll(async () => {
  engine = await createNodeEngine();
  await ensureCanonicalTables(engine);
  // 90 days of one service shared by two tagged customers; globex's cost is six times on day 70.
  await engine.exec(`
    INSERT INTO cost_lines (x_line_id, ServiceName, SubAccountId, BillingCurrency, ChargePeriodStart, ChargePeriodEnd, BilledCost)
    SELECT d * 2 + c, 'EC2', 'A', 'USD', TIMESTAMP '2025-01-01' + INTERVAL (d) DAY, TIMESTAMP '2025-01-02' + INTERVAL (d) DAY,
           CAST(50 * (1 + 0.05 * sin(d * 1.3 + c)) * (CASE WHEN c = 1 AND d = 70 THEN 6 ELSE 1 END) AS DECIMAL(38,18))
    FROM range(90) t(d), range(2) u(c)`);
  await engine.exec(`INSERT INTO cost_tags SELECT x_line_id, 'customer', CASE x_line_id % 2 WHEN 0 THEN 'acme' ELSE 'globex' END FROM cost_lines`);
  // Usage in two regions; eu-west-1 triples on day 40.
  await engine.exec(`
    INSERT INTO usage_events (event_id, customer_id, sku, ts, quantity, properties)
    SELECT 'e' || d || r, 'acme', 'api_calls', TIMESTAMP '2025-01-01' + INTERVAL (d) DAY + INTERVAL 5 HOUR,
           CAST(round(400 * (1 + 0.04 * cos(d + r))) * (CASE WHEN r = 1 AND d = 40 THEN 3 ELSE 1 END) AS DECIMAL(38,18)),
           '{"value":"' || d || '","region":"' || CASE r WHEN 0 THEN 'us-east-1' ELSE 'eu-west-1' END || '"}'
    FROM range(60) t(d), range(2) u(r)`);
});
afterAll(async () => engine?.close());

describe('root causes that name something', () => {
  it('a cost tag names the customer whose cost moved, with its share', async () => {
    const run = await detectFromTables(engine, { source: 'cost', keys: ['ServiceName'] }, { rootCause: ['SubAccountId', 'tag:customer'] });
    const f = run.findings.find((x) => x.start === '2025-03-12')!;
    expect(f).toBeDefined();
    expect(f.contributors![0]).toMatchObject({ dimension: 'tag:customer', value: 'globex' });
    expect(f.contributors![0].share).toBeGreaterThan(0.9);
    // One account on both sides explains no change: not a contributor, but named as the series' scope.
    expect(f.contributors!.some((c) => c.dimension === 'SubAccountId')).toBe(false);
    expect(f.explanation).toContain('all of it on SubAccountId=A');
  });
  it('an event property names the region whose usage moved', async () => {
    const run = await detectFromTables(engine, { source: 'usage' }, { rootCause: ['prop:region'] });
    const f = run.findings.find((x) => x.start === '2025-02-10')!;
    expect(f).toBeDefined();
    expect(f.contributors![0]).toMatchObject({ dimension: 'prop:region', value: 'eu-west-1' });
  });
  it('tag and property names are bound values: anything may be a name, nothing reaches the SQL', async () => {
    const s = await loadSeries(engine, { source: 'cost', keys: ['ServiceName', "tag:x') OR 1=1 --"] });
    expect(s.map((x) => x.dimensions["tag:x') OR 1=1 --"])).toEqual(['']);
    await expect(loadSeries(engine, { source: 'billed', keys: ['tag:customer'] })).rejects.toThrow(/not a key/);
  });
});
