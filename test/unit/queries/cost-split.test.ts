/**
 * Shared cost split on the demo company: the untagged networking lines of March split over the
 * customer tag's values by usage, revenue, direct cost or evenly. Weights are computed here from
 * the sample files (usage NDJSON, Lago fees CSV, cost CSV) without SQL; each part must be the
 * largest-remainder share of the whole rounded once to cents, and the parts must add up to it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine';
import { parseCsv } from '../../../src/model/csv';
import { parseDecimal } from '../../../src/model/money';
import { runQuery } from '../../../src/queries/query';
import { costByGroup, costOverTime } from '../../../src/queries/cost/explore';
import {
  cumulativeSplit,
  sharedCost,
  splitShared,
  splitWeights,
  spreadOverBuckets,
  type SplitRule,
  type SplitScope,
} from '../../../src/queries/cost/shared-split';
import type { DaySpan } from '../../../src/queries/cost/time-range';
import { demoTables, exact, sumAtScale } from './demo-company';

const DEMO = path.resolve(__dirname, '../../fixtures/demo-march');
const MARCH: DaySpan = { from: '2024-03-01', to: '2024-04-01' };
const FEBRUARY: DaySpan = { from: '2024-02-01', to: '2024-03-01' };
const CUSTOMER = { kind: 'tag', key: 'customer' } as const;

function csv(file: string): Record<string, string>[] {
  const [head, ...rows] = parseCsv(readFileSync(path.join(DEMO, file), 'utf8'));
  return rows.filter((r) => r.length === head.length).map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
}

const COST = csv('cost_focus.csv').map((r) => ({
  day: r.ChargePeriodStart.slice(0, 10),
  customer: (JSON.parse(r.Tags || '{}') as Record<string, string>).customer ?? null,
  effective: r.EffectiveCost,
}));
const MARCH_COST = COST.filter((l) => l.day >= MARCH.from && l.day < MARCH.to);
const SHARED = sumAtScale(MARCH_COST.filter((l) => l.customer === null).map((l) => l.effective));
const CUSTOMERS = [...new Set(MARCH_COST.map((l) => l.customer).filter((c): c is string => c !== null))].sort();
const d18 = (s: string) => parseDecimal(s, 18);

/** Expected weights per customer (scale 18), from the files. */
function expectedWeights(rule: Exclude<SplitRule, 'unallocated'>): Map<string, bigint> {
  const w = new Map(CUSTOMERS.map((c) => [c, 0n]));
  if (rule === 'even') for (const c of CUSTOMERS) w.set(c, 1n * 10n ** 18n);
  if (rule === 'cost') for (const l of MARCH_COST) if (l.customer) w.set(l.customer, w.get(l.customer)! + d18(l.effective));
  if (rule === 'usage') {
    const seen = new Set<string>();
    for (const line of readFileSync(path.join(DEMO, 'usage_cloudevents.ndjson'), 'utf8').split('\n').filter(Boolean)) {
      const e = JSON.parse(line) as { id: string; source: string; subject: string; time: string; data: { value: string } };
      if (seen.has(`${e.source} ${e.id}`) || e.time < MARCH.from || e.time >= MARCH.to || !w.has(e.subject)) continue;
      seen.add(`${e.source} ${e.id}`);
      w.set(e.subject, w.get(e.subject)! + d18(e.data.value));
    }
  }
  if (rule === 'revenue')
    for (const f of csv('lago_invoice_fees.csv')) {
      const c = f.subscription_external_id;
      if (!w.has(c) || f.fee_amount_currency !== 'USD' || f.fee_from_date_utc < MARCH.from || f.fee_from_date_utc >= MARCH.to) continue;
      // Lago fee amount: total less taxes, in cents.
      w.set(c, w.get(c)! + (BigInt(f.fee_total_amount_cents) - BigInt(f.fee_taxes_amount_cents)) * 10n ** 16n);
    }
  return w;
}

let engine: Engine;
beforeAll(async () => {
  engine = await demoTables();
});
afterAll(async () => engine?.close());

const scope = (rule: Exclude<SplitRule, 'unallocated'>): SplitScope => ({
  span: MARCH,
  previous: FEBRUARY,
  metric: 'amortized',
  filters: [],
  tag: CUSTOMER,
  rule,
  key: 'customer_id',
});

describe('shared cost split', () => {
  it('has untagged shared cost in the demo to split', () => {
    expect(d18(SHARED) > 0n).toBe(true);
    expect(CUSTOMERS.length).toBeGreaterThan(2);
  });

  for (const rule of ['usage', 'revenue', 'cost', 'even'] as const) {
    it(`splits March's shared cost ${rule === 'even' ? 'evenly' : `by ${rule}`}: largest remainder in cents, summing to the whole`, async () => {
      const weights = await runQuery(engine, splitWeights(scope(rule)));
      const want = expectedWeights(rule);
      const got = new Map(weights.filter((w) => w.period === 'now').map((w) => [w.value, d18(w.weight)]));
      expect(got).toEqual(want);
      const shared = await runQuery(engine, sharedCost(scope(rule), { group2: null }));
      expect(shared.map((s) => [s.period, s.currency, exact(s.cost)])).toEqual([['now', 'USD', exact(SHARED)]]);
      const parts = splitShared(shared, weights);
      const whole = (d18(SHARED) + 5n * 10n ** 15n) / 10n ** 16n; // cents, half up (positive)
      const cents = parts.map((p) => parseDecimal(p.amount, 2));
      expect(cents.reduce((a, b) => a + b, 0n)).toBe(whole);
      const total = [...want.values()].reduce((a, b) => a + b, 0n);
      for (const p of parts) {
        const floor = (whole * want.get(p.value!)!) / total;
        expect(parseDecimal(p.amount, 2) - floor, `${p.value}`).toBeGreaterThanOrEqual(0n);
        expect(parseDecimal(p.amount, 2) - floor, `${p.value}`).toBeLessThanOrEqual(1n);
      }
      const remainders = parts.filter((p) => parseDecimal(p.amount, 2) > (whole * want.get(p.value!)!) / total).length;
      expect(BigInt(remainders)).toBe(whole - parts.reduce((a, p) => a + (whole * want.get(p.value!)!) / total, 0n));
    });
  }

  it('the table replaces the (untagged) row by each customer share, marked as split, and keeps the total', async () => {
    const s = scope('revenue');
    const parts = splitShared(await runQuery(engine, sharedCost(s, { group2: null })), await runQuery(engine, splitWeights(s)));
    const rows = await runQuery(engine, costByGroup({ ...s, groupBy: [CUSTOMER], split: parts }));
    expect(rows.some((r) => r.group1 === null)).toBe(false);
    for (const r of rows) {
      const direct = sumAtScale(MARCH_COST.filter((l) => l.customer === r.group1).map((l) => l.effective));
      const part = parts.find((p) => p.value === r.group1)?.amount ?? '0';
      expect(exact(r.split_cost!), r.group1!).toBe(exact(part));
      expect(exact(r.cost), r.group1!).toBe(exact(sumAtScale([direct, part])));
    }
    const directTotal = sumAtScale(MARCH_COST.filter((l) => l.customer !== null).map((l) => l.effective));
    const splitTotal = sumAtScale(parts.map((p) => p.amount));
    expect(exact(sumAtScale(rows.map((r) => r.cost)))).toBe(exact(sumAtScale([directTotal, splitTotal])));
    // Without the split the same query is what it was: the untagged row holds the shared cost.
    const plain = await runQuery(engine, costByGroup({ ...s, groupBy: [CUSTOMER] }));
    expect(exact(plain.find((r) => r.group1 === null)!.cost)).toBe(exact(SHARED));
  });

  it('an unsplittable period keeps its shared cost whole on the (untagged) row', async () => {
    // A tag no usage event names: every usage weight is zero.
    const s: SplitScope = { ...scope('usage'), key: 'sku' };
    const parts = splitShared(await runQuery(engine, sharedCost(s, { group2: null })), await runQuery(engine, splitWeights(s)));
    expect(parts.map((p) => [p.value, exact(p.amount)])).toEqual([[null, exact(SHARED)]]);
    const rows = await runQuery(engine, costByGroup({ ...s, groupBy: [CUSTOMER], split: parts }));
    const untagged = rows.find((r) => r.group1 === null)!;
    expect(exact(untagged.cost)).toBe(exact(SHARED));
    expect(untagged.lines).toBe(MARCH_COST.filter((l) => l.customer === null).length);
  });

  it('splits each chart bucket: per week, the parts add up to the week shared cost in cents', async () => {
    const s = scope('even');
    const shared = await runQuery(engine, sharedCost(s, { granularity: 'week' }));
    const over = await runQuery(engine, costOverTime({ ...s, granularity: 'week', currency: 'USD', groupBy: CUSTOMER }));
    const parts = splitShared(shared, await runQuery(engine, splitWeights(s)));
    for (const b of shared.filter((x) => x.period === 'now')) {
      const inBucket = parts.filter((p) => p.part === b.part && p.period === 'now');
      expect(inBucket.length).toBe(CUSTOMERS.length);
      expect(exact(sumAtScale(inBucket.map((p) => p.amount)))).toBe(exact(roundCents(b.cost)));
      expect(exact(over.find((o) => o.bucket === b.part && o.grp === null)!.cost)).toBe(exact(b.cost));
    }
  });
});

describe('split inside a first grouping', () => {
  it('service then customer: each service keeps its total, its untagged cost split over the customers', async () => {
    const service = { kind: 'column', name: 'ServiceName' } as const;
    const s = scope('revenue');
    const parts = splitShared(await runQuery(engine, sharedCost(s, { group2: service })), await runQuery(engine, splitWeights(s)));
    const rows = await runQuery(engine, costByGroup({ ...s, groupBy: [service, CUSTOMER], split: parts, splitLevel: 2 }));
    const plain = await runQuery(engine, costByGroup({ ...s, groupBy: [service, CUSTOMER] }));
    expect(
      rows.some((r) => r.group2 === null),
      'no untagged row left',
    ).toBe(false);
    expect(
      plain.some((r) => r.group2 === null),
      'the unsplit view has untagged rows',
    ).toBe(true);
    const services = [...new Set(plain.map((r) => r.group1))];
    for (const svc of services) {
      const shared = sumAtScale(plain.filter((r) => r.group1 === svc && r.group2 === null).map((r) => r.cost));
      const split = rows.filter((r) => r.group1 === svc);
      // Rounded once per service: the split adds the shared cost to the cent, no more.
      const before = d18(sumAtScale(plain.filter((r) => r.group1 === svc).map((r) => r.cost)));
      const after = d18(sumAtScale(split.map((r) => r.cost)));
      expect(after - before, `${svc}`).toBe(d18(roundCents(shared)) - d18(shared));
      for (const r of split) {
        const direct = plain.find((x) => x.group1 === svc && x.group2 === r.group2)?.cost ?? '0';
        const part = parts.find((p) => p.period === 'now' && p.part === svc && p.value === r.group2)?.amount ?? '0';
        expect(exact(r.split_cost!), `${svc} ${r.group2}`).toBe(exact(part));
        expect(exact(r.cost), `${svc} ${r.group2}`).toBe(exact(sumAtScale([direct, part])));
      }
    }
  });
});

describe('chart split agrees with the table', () => {
  for (const rule of ['usage', 'revenue', 'cost', 'even'] as const)
    for (const granularity of ['day', 'week'] as const)
      it(`${rule} by ${granularity}: each customer's bars add up to its table share, rounded once`, async () => {
        const s = scope(rule);
        const table = splitShared(await runQuery(engine, sharedCost(s, { group2: null })), await runQuery(engine, splitWeights(s)));
        const buckets = await runQuery(engine, sharedCost(s, { group2: null, granularity }));
        const chart = spreadOverBuckets(table, buckets, 'USD');
        for (const t of table.filter((x) => x.period === 'now')) {
          const bars = chart.filter((c) => c.value === t.value);
          expect(new Set(bars.map((b) => b.part)).size, `${t.value}: one bar per bucket`).toBe(bars.length);
          expect(exact(sumAtScale(bars.map((b) => b.amount))), `${t.value}`).toBe(exact(t.amount));
          for (const b of bars) expect(exact(b.amount), `${t.value} ${b.part}: whole cents`).toBe(exact(roundCents(b.amount)));
        }
        // Bucket by bucket the split stays within a cent per customer of the bucket's shared cost.
        for (const b of buckets.filter((x) => x.period === 'now')) {
          const got = d18(sumAtScale(chart.filter((c) => c.part === b.bucket).map((c) => c.amount)));
          const diff = got - d18(b.cost);
          expect(diff < 0n ? -diff : diff, `${b.bucket}`).toBeLessThanOrEqual(BigInt(CUSTOMERS.length) * 10n ** 16n);
        }
      });

  it('an unsplit share keeps each bucket exact, and a second grouping spreads within its own value', async () => {
    const s: SplitScope = { ...scope('usage'), key: 'sku' };
    const table = splitShared(await runQuery(engine, sharedCost(s, { group2: null })), await runQuery(engine, splitWeights(s)));
    const buckets = await runQuery(engine, sharedCost(s, { group2: null, granularity: 'week' }));
    const chart = spreadOverBuckets(table, buckets, 'USD');
    expect(chart.map((c) => [c.part, c.value, exact(c.amount)])).toEqual(
      buckets.filter((b) => b.period === 'now').map((b) => [b.bucket, null, exact(b.cost)]),
    );
    const service = { kind: 'column', name: 'ServiceName' } as const;
    const e = scope('even');
    const byService = splitShared(await runQuery(engine, sharedCost(e, { group2: service })), await runQuery(engine, splitWeights(e)));
    const spread = spreadOverBuckets(byService, await runQuery(engine, sharedCost(e, { group2: service, granularity: 'day' })), 'USD');
    for (const c of CUSTOMERS) {
      const want = sumAtScale(byService.filter((t) => t.period === 'now' && t.value === c).map((t) => t.amount));
      expect(exact(sumAtScale(spread.filter((x) => x.value === c).map((x) => x.amount))), c).toBe(exact(want));
    }
  });

  it('cumulative split: parts add up for any signs, in proportion, each rounded half away from zero', () => {
    expect(cumulativeSplit(1n, [-1n, -1n, 4n])).toEqual([-1n, 0n, 2n]);
    expect(cumulativeSplit(100n, [1n, 1n, 1n])).toEqual([33n, 34n, 33n]);
    expect(cumulativeSplit(-7n, [2n, 3n, 5n])).toEqual([-1n, -3n, -3n]);
    expect(cumulativeSplit(5n, [0n, 0n])).toEqual([0n, 0n]);
    for (const [t, w] of [
      [1n, [-1n, -1n, 4n]],
      [-9999n, [7n, -3n, 11n, 2n]],
      [12345n, [1n, 10n ** 18n, 3n]],
    ] as const)
      expect(cumulativeSplit(t, [...w]).reduce((a, b) => a + b, 0n)).toBe(t);
  });
});

function roundCents(v: string): string {
  const x = d18(v);
  const c = (x + 5n * 10n ** 15n) / 10n ** 16n;
  return `${c / 100n}.${String(c % 100n).padStart(2, '0')}`;
}
