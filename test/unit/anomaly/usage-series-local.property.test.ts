/**
 * The usage series of a file run read daily groups staged once from the events
 * (stageUsageSeriesLocally, per event or per property text), root causes read only the children of series with a finding
 * (`among`), and a series' buckets cross as one text per series: each must give what the checked
 * path gives, the series over single events, every child, and the engine's own decimal per bucket.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../../src/engine/node-engine';
import type { Engine, SqlValue } from '../../../src/engine/engine';
import { ensureCanonicalTables } from '../../../src/engine/ddl';
import { loadSeries, type SeriesQuery } from '../../../src/analysis/anomaly/series-sql';
import { detectAnomalies } from '../../../src/analysis/anomaly/detect-all';
import { dropLocalUsageSeries, stageUsageSeriesLocally } from '../../../src/analysis/anomaly/usage-series-staged';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await ensureCanonicalTables(engine);
});
afterAll(async () => engine?.close());

interface Ev {
  customer: string | null;
  sku: string;
  source: string | null;
  file: string | null;
  /** Minutes from the start, null for an event without a time. */
  minute: number | null;
  quantity: string | null;
  properties: string | null;
}

const event: fc.Arbitrary<Ev> = fc.record({
  customer: fc.constantFrom('acme', 'globex', '', null),
  sku: fc.constantFrom('api_calls', 'storage'),
  source: fc.constantFrom('lago', 'stripe', null),
  file: fc.constantFrom('a.ndjson', 'b.ndjson', null),
  minute: fc.option(fc.integer({ min: 0, max: 9 * 24 * 60 }), { freq: 8 }),
  quantity: fc.option(
    fc.tuple(fc.integer({ min: -5000, max: 5000 }), fc.integer({ min: 0, max: 999 })).map(([i, f]) => `${i}.${String(f).padStart(3, '0')}`),
    { freq: 8 },
  ),
  properties: fc.oneof(
    fc.constant(null),
    fc.constant('{}'),
    fc.constantFrom('us-east-1', 'eu-west-1', '').map((r) => `{"region":"${r}","n":1}`),
    fc.constantFrom('m5', 'c6').map((t) => `{"type": "${t}", "region":"us-east-1"}`),
  ),
});

async function load(events: Ev[]): Promise<void> {
  await engine.exec('DELETE FROM usage_events');
  for (const [i, e] of events.entries()) {
    const params: SqlValue[] = [`e${i}`, e.customer, e.sku, e.source, e.file, i, e.minute, e.quantity, e.properties];
    await engine.query(
      `INSERT INTO usage_events (event_id, customer_id, sku, source, source_file, source_row, ts, quantity, properties)
       VALUES (?, ?, ?, ?, ?, ?, TIMESTAMP '2025-03-01' + to_minutes(CAST(? AS BIGINT)), CAST(? AS DECIMAL(38,18)), ?)`,
      params,
    );
  }
}

const PROPS = ['prop:region', 'prop:type'];
const QUERIES: SeriesQuery[] = [
  { source: 'usage', keys: ['customer_id', 'sku'] },
  { source: 'usage', keys: ['customer_id', 'sku', 'source'] },
  { source: 'usage', keys: ['customer_id', 'sku', 'prop:region'] },
  { source: 'usage', keys: ['sku', 'prop:type'], where: { 'prop:region': 'us-east-1' } },
];

describe('usage series staged from the events', () => {
  it('the staged groups give the same series as the events, and among gives the same children', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 40 }), fc.boolean(), async (events, byText) => {
        await load(events);
        const table = await stageUsageSeriesLocally(engine, PROPS, { byText });
        try {
          for (const q of QUERIES) {
            const direct = await loadSeries(engine, q);
            const staged = await loadSeries(engine, { ...q, staged: { propertyKeys: PROPS, table } });
            expect(staged).toEqual(direct);
            // The children of some parents, read alone, are those parents' children read among all.
            const parents = direct.filter((_, i) => i % 2 === 0).map((s) => ({ customer_id: s.dimensions.customer_id ?? '', sku: s.dimensions.sku }));
            if (!q.keys!.includes('customer_id')) continue;
            const among = await loadSeries(engine, { ...q, among: parents });
            const wanted = direct.filter((s) => parents.some((p) => p.customer_id === s.dimensions.customer_id && p.sku === s.dimensions.sku));
            expect(among).toEqual(wanted);
          }
        } finally {
          await dropLocalUsageSeries(engine);
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it("each bucket's amount is the engine's own exact sum of that day", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 40 }), async (events) => {
        await load(events);
        // Billed series are money: their exact amounts per bucket, over the same rows as invoice lines.
        await engine.exec('DELETE FROM invoice_lines');
        await engine.exec(`INSERT INTO invoice_lines (invoice_id, line_id, customer_id, sku, period_start, amount, currency, kind)
          SELECT 'i', event_id, customer_id, sku, ts, quantity, CASE WHEN source = 'stripe' THEN 'EUR' ELSE 'USD' END, 'fee' FROM usage_events`);
        const series = await loadSeries(engine, { source: 'billed', keys: ['customer_id'] });
        const rows = await engine.query<{ c: string; cur: string; b: string; total: string }>(
          `SELECT COALESCE(customer_id, '') AS c, currency AS cur, date_trunc('day', period_start) AS b, SUM(amount) AS total
           FROM invoice_lines WHERE period_start IS NOT NULL AND amount IS NOT NULL GROUP BY ALL`,
        );
        const want = new Map(rows.map((r) => [`${r.c}|${r.cur}|${Date.parse(r.b)}`, r.total]));
        let seen = 0;
        for (const s of series) {
          s.timestampsMs.forEach((t, i) => {
            const total = want.get(`${s.dimensions.customer_id}|${s.currency}|${t}`);
            if (total !== undefined) seen++;
            expect(s.amounts![i]).toBe(total ?? '0');
            expect(s.values[i]).toBe(total === undefined ? 0 : Number(total));
          });
        }
        expect(seen).toBe(rows.length);
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('a run scans the events for its usage series once, not once per query', async () => {
    await load(
      Array.from({ length: 120 }, (_, i) => ({
        customer: i % 2 ? 'acme' : 'globex',
        sku: 'api_calls',
        source: 'lago',
        file: 'a.ndjson',
        minute: (i >> 1) * 24 * 60 + 300,
        quantity: String(100 + (i % 7) + (i === 101 ? 900 : 0)),
        properties: `{"region":"${i % 4 < 2 ? 'us-east-1' : 'eu-west-1'}"}`,
      })),
    );
    const seen: string[] = [];
    const spy: Engine = { ...engine, query: (sql, params) => (seen.push(sql), engine.query(sql, params)) };
    await detectAnomalies(spy);
    // Counting them (1), the sample of property names (2) and the staging scan: nothing else reads single events.
    const scans = seen.filter((sql) => /\busage_events\b/.test(sql));
    expect(scans.length).toBeLessThanOrEqual(4);
  });
});
