/**
 * The explorer's daily rollups give the answers the cost lines give: every explorer question
 * (chart, table, totals, shared cost split) over many views, asked both ways, must match row for row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine';
import { runQuery } from '../../../src/queries/query';
import { costByGroup, costOverTime, type CostMetric } from '../../../src/queries/cost/explore';
import type { Dimension, DimensionFilter } from '../../../src/queries/cost/dimensions';
import {
  buildRollup,
  buildRollupPiece,
  daySpans,
  dimensionCardinalities,
  finishRollupPieces,
  likelyRollupDims,
  lineDays,
  rollupFor,
  rollupKeys,
  rollupSize,
  rollupTables,
  wideRollup,
} from '../../../src/queries/cost/rollup';
import { sharedCost, splitWeights, type SplitScope } from '../../../src/queries/cost/shared-split';
import type { DaySpan, Granularity } from '../../../src/queries/cost/time-range';
import { demoTables } from './demo-company';

const SKU: Dimension = { kind: 'tag', key: 'sku' };
const CUSTOMER: Dimension = { kind: 'tag', key: 'customer' };
const SERVICE: Dimension = { kind: 'column', name: 'ServiceName' };
const REGION: Dimension = { kind: 'column', name: 'RegionId' };
const CURRENCY: Dimension = { kind: 'column', name: 'BillingCurrency' };

interface View {
  groupBy: Dimension[];
  filters: DimensionFilter[];
  metric: CostMetric;
  span: DaySpan;
  previous: DaySpan;
  granularity: Granularity;
}

const VIEWS: View[] = [
  {
    groupBy: [SERVICE],
    filters: [],
    metric: 'amortized',
    span: { from: '2024-03-01', to: '2024-04-01' },
    previous: { from: '2024-02-01', to: '2024-03-01' },
    granularity: 'day',
  },
  {
    groupBy: [SKU, CUSTOMER],
    filters: [],
    metric: 'actual',
    span: { from: '2024-03-16', to: '2024-04-01' },
    previous: { from: '2024-02-29', to: '2024-03-16' },
    granularity: 'week',
  },
  {
    groupBy: [CUSTOMER, REGION],
    filters: [{ dimension: SKU, mode: 'exclude', values: ['api_calls', null] }],
    metric: 'amortized',
    span: { from: '2024-03-05', to: '2024-03-20' },
    previous: { from: '2024-02-19', to: '2024-03-05' },
    granularity: 'month',
  },
  {
    groupBy: [CURRENCY],
    filters: [{ dimension: CUSTOMER, mode: 'include', values: ['acme', null] }],
    metric: 'actual',
    span: { from: '2024-03-01', to: '2024-04-01' },
    previous: { from: '2024-02-01', to: '2024-03-01' },
    granularity: 'day',
  },
  {
    groupBy: [],
    filters: [{ dimension: SERVICE, mode: 'exclude', values: ['Amazon Virtual Private Cloud'] }],
    metric: 'amortized',
    span: { from: '2024-03-10', to: '2024-03-11' },
    previous: { from: '2024-03-09', to: '2024-03-10' },
    granularity: 'day',
  },
];

let engine: Engine;
beforeAll(async () => {
  engine = await demoTables();
});
afterAll(async () => engine?.close());

describe('explorer rollups', () => {
  it('answer every question as the cost lines do, built from the lines or from the wide rollup', async () => {
    const cards = await runQuery(engine, dimensionCardinalities());
    expect(cards.find((c) => c.dimension === 'tag:customer')?.n).toBeGreaterThan(2);
    const wide = wideRollup(cards, 8);
    expect(wide.rollup.keys).toEqual(expect.arrayContaining(['column:ServiceName', 'tag:sku', 'tag:customer', 'column:BillingCurrency']));
    await runQuery(engine, buildRollup(wide.dims, wide.rollup));
    const [size] = await runQuery(engine, rollupSize(wide.rollup));
    expect(size.rows).toBeLessThanOrEqual(size.lines);
    for (const [i, v] of VIEWS.entries()) {
      const dims = [...v.groupBy, ...v.filters.map((f) => f.dimension), CUSTOMER];
      // Built from the lines, and (version 8) from the wide rollup.
      const direct = rollupFor(dims, 7);
      await runQuery(engine, buildRollup(dims, direct));
      const viaWide = rollupFor(dims, 8);
      expect(
        viaWide.keys.every((k) => wide.rollup.keys.includes(k)),
        `view ${i} fits the wide rollup`,
      ).toBe(true);
      await runQuery(engine, buildRollup(dims, viaWide, wide.rollup));
      for (const rollup of [direct, viaWide]) {
        const scope = { span: v.span, previous: v.previous, metric: v.metric, filters: v.filters };
        const both = async <R extends Record<string, unknown>>(
          q: (s: typeof scope & { rollup?: typeof rollup }) => Parameters<typeof runQuery<R>>[1],
        ) => {
          const [lines, rolled] = [await runQuery(engine, q(scope)), await runQuery(engine, q({ ...scope, rollup }))];
          expect(rolled, `view ${i}`).toEqual(lines);
          return lines.length;
        };
        expect(await both((s) => costByGroup({ ...s, groupBy: v.groupBy }))).toBeGreaterThan(0);
        await both((s) => costByGroup({ ...s, groupBy: [] }));
        expect(await both((s) => costOverTime({ ...s, granularity: v.granularity, currency: 'USD', groupBy: v.groupBy[0] ?? null }))).toBeGreaterThan(
          0,
        );
        const split = (s: typeof scope): SplitScope => ({ ...s, tag: { kind: 'tag', key: 'customer' }, rule: 'cost', key: 'customer_id' });
        await both((s) => sharedCost(split(s), { group2: v.groupBy[1] ?? null }));
        await both((s) => sharedCost(split(s), { granularity: v.granularity }));
        await both((s) => splitWeights(split(s)));
      }
    }
    // One table per set of dimensions (views 0 and 4 share theirs).
    const tables = (await runQuery(engine, rollupTables()))
      .map((r) => r.name)
      .filter((t) => t.startsWith('__explorer_rollup_7_'))
      .sort();
    const expected = [...new Set(VIEWS.map((v) => rollupFor([...v.groupBy, ...v.filters.map((f) => f.dimension), CUSTOMER], 7).table))].sort();
    expect(tables).toEqual(expected);
    expect(expected.length).toBe(VIEWS.length - 1);
  });

  it('built in pieces of a few days (the background build), a rollup is the one built at once', async () => {
    const dims = [SERVICE, REGION, CUSTOMER];
    const whole = rollupFor(dims, 11);
    const pieced = rollupFor(dims, 12);
    await runQuery(engine, buildRollup(dims, whole));
    const [days] = await runQuery(engine, lineDays());
    const spans = daySpans(days.first!, days.last!, 7);
    expect(spans.length).toBeGreaterThan(3);
    expect(spans[0].from).toBe(days.first);
    expect(spans[spans.length - 1].to > days.last!).toBe(true);
    for (const [i, span] of spans.entries()) await runQuery(engine, buildRollupPiece(dims, pieced, span, i === 0));
    await engine.exec(finishRollupPieces(pieced));
    const rows = (r: typeof whole) =>
      engine
        .query(`SELECT * FROM "${r.table}" ORDER BY ALL`)
        .then((x) => x.map((row) => JSON.stringify(row, (_k, v) => (typeof v === 'bigint' ? String(v) : v))));
    expect(await rows(pieced)).toEqual(await rows(whole));
    const scope = { span: VIEWS[0].span, previous: VIEWS[0].previous, metric: 'actual' as const, filters: [] };
    expect(await runQuery(engine, costByGroup({ ...scope, groupBy: [SERVICE, CUSTOMER], rollup: pieced }))).toEqual(
      await runQuery(engine, costByGroup({ ...scope, groupBy: [SERVICE, CUSTOMER] })),
    );
  });

  it('likely next views: each many-valued dimension as first grouping (the second kept) and as second, with the filters', () => {
    const RESOURCE: Dimension = { kind: 'column', name: 'ResourceId' };
    const keys = (sets: Dimension[][]) => sets.map((d) => rollupKeys(d).join(','));
    expect(keys(likelyRollupDims([SERVICE], [], [RESOURCE]))).toEqual(['column:ResourceId', 'column:ResourceId,column:ServiceName']);
    expect(keys(likelyRollupDims([REGION, SERVICE], [CUSTOMER], [RESOURCE]))).toEqual([
      'column:ResourceId,column:ServiceName,tag:customer',
      'column:RegionId,column:ResourceId,tag:customer',
    ]);
    expect(likelyRollupDims([RESOURCE], [], [RESOURCE])).toEqual([]);
  });
});
