/**
 * The explorer's per-view result table holds the table question's rows as the question gives
 * them, and the chart ranked from it draws the same series as the chart that ranks its own sums:
 * the same ranks, the same '(other)' fold, row for row, from the lines and from a rollup.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine';
import { runQuery } from '../../../src/queries/query';
import { CHART_GROUPS, costByGroup, costOverTime, type CostMetric } from '../../../src/queries/cost/explore';
import type { Dimension, DimensionFilter } from '../../../src/queries/cost/dimensions';
import { buildRollup, rollupFor } from '../../../src/queries/cost/rollup';
import { buildViewTable, viewTableName, viewTableRows } from '../../../src/queries/cost/view-table';
import type { DaySpan, Granularity } from '../../../src/queries/cost/time-range';
import { demoTables } from './demo-company';

const RESOURCE: Dimension = { kind: 'column', name: 'ResourceId' };
const SERVICE: Dimension = { kind: 'column', name: 'ServiceName' };
const CUSTOMER: Dimension = { kind: 'tag', key: 'customer' };
const SKU: Dimension = { kind: 'tag', key: 'sku' };

/** A view: groupings, filters, metric, this period [from, to), the previous one from `before`, granularity. */
function view(groupBy: Dimension[], filters: DimensionFilter[], metric: CostMetric, [before, from, to]: string[], granularity: Granularity) {
  const span: DaySpan = { from, to };
  return { groupBy, filters, metric, span, previous: { from: before, to: from }, granularity };
}

const VIEWS = [
  // Many resources: the chart folds all but the top ones into '(other)'.
  view([RESOURCE], [], 'amortized', ['2024-02-01', '2024-03-01', '2024-04-01'], 'day'),
  // Groups with cost only in the previous period are in the table, not in the chart.
  view([RESOURCE, SERVICE], [], 'actual', ['2024-03-18', '2024-03-20', '2024-03-22'], 'day'),
  // Untagged lines (a null group) ranked among the tagged ones, with a filter.
  view(
    [CUSTOMER, SKU],
    [{ dimension: SERVICE, mode: 'exclude', values: ['Amazon Simple Storage Service'] }],
    'amortized',
    ['2024-02-19', '2024-03-05', '2024-03-20'],
    'week',
  ),
];

let engine: Engine;
beforeAll(async () => {
  engine = await demoTables();
});
afterAll(async () => engine?.close());

const sorted = (rows: unknown[]) => rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).sort();

describe('explorer view table', () => {
  it('holds the table rows and ranks the chart as the chart ranks itself, from the lines and from a rollup', async () => {
    let folded = 0;
    for (const [i, v] of VIEWS.entries()) {
      const dims = [...v.groupBy, ...v.filters.map((f) => f.dimension)];
      const r = rollupFor(dims, 3);
      await runQuery(engine, buildRollup(dims, r));
      for (const rollup of [undefined, r]) {
        const scope = { span: v.span, previous: v.previous, metric: v.metric, filters: v.filters, rollup };
        const q = costByGroup({ ...scope, groupBy: v.groupBy });
        const table = viewTableName(q, 3);
        await runQuery(engine, buildViewTable(q, table));
        const rows = await runQuery(engine, q);
        expect(rows.length, `view ${i}`).toBeGreaterThan(0);
        expect(sorted(await runQuery(engine, viewTableRows(table))), `view ${i}`).toEqual(sorted(rows));
        const chart = { ...scope, granularity: v.granularity, currency: 'USD', groupBy: v.groupBy[0] };
        const own = await runQuery(engine, costOverTime(chart));
        expect(own.length, `view ${i}`).toBeGreaterThan(0);
        expect(await runQuery(engine, costOverTime({ ...chart, ranksFrom: table })), `view ${i}`).toEqual(own);
        folded += own.filter((x) => x.is_other).length;
      }
    }
    expect(folded, `some view has more than ${CHART_GROUPS} groups`).toBeGreaterThan(0);
  });

  it('ranks only groups with lines in the span: one with cost in the previous period alone never takes a place in the chart', async () => {
    // A rollup of its own: ten services of negative cost (credits) this period, three with cost only before it.
    const r = { table: '__explorer_rollup_test_credits', keys: ['column:ServiceName'] };
    const rows = [
      ...Array.from({ length: 10 }, (_, i) => `(TIMESTAMP '2024-03-10', 'USD', 'credit ${i}', ${-(i + 1)}.25, ${-(i + 1)}.25, 2)`),
      ...Array.from({ length: 3 }, (_, i) => `(TIMESTAMP '2024-03-02', 'USD', 'before ${i}', 4.5, 4.5, 1)`),
    ];
    await engine.exec(
      `CREATE TEMP TABLE ${r.table} (ChargePeriodStart TIMESTAMP, BillingCurrency VARCHAR, "d:column:ServiceName" VARCHAR, BilledCost DECIMAL(38,18), EffectiveCost DECIMAL(38,18), x_lines BIGINT);
       INSERT INTO ${r.table} VALUES ${rows.join(', ')}`,
    );
    const scope = {
      span: { from: '2024-03-08', to: '2024-03-15' },
      previous: { from: '2024-03-01', to: '2024-03-08' },
      metric: 'actual' as const,
      filters: [],
      rollup: r,
    };
    const q = costByGroup({ ...scope, groupBy: [SERVICE] });
    const table = viewTableName(q, 4);
    await runQuery(engine, buildViewTable(q, table));
    const chart = { ...scope, granularity: 'day' as const, currency: 'USD', groupBy: SERVICE };
    const own = await runQuery(engine, costOverTime(chart));
    expect(own.map((x) => x.grp)).toEqual([...Array.from({ length: CHART_GROUPS }, (_, i) => `credit ${i}`), '(other)']);
    expect(await runQuery(engine, costOverTime({ ...chart, ranksFrom: table }))).toEqual(own);
  });

  it('names one table per query and data version', () => {
    const q = costByGroup({ span: VIEWS[0].span, previous: VIEWS[0].previous, metric: 'amortized', filters: [], groupBy: [SERVICE] });
    const other = costByGroup({ span: VIEWS[1].span, previous: VIEWS[0].previous, metric: 'amortized', filters: [], groupBy: [SERVICE] });
    expect(viewTableName(q, 1)).toBe(viewTableName({ ...q }, 1));
    expect(viewTableName(q, 1)).not.toBe(viewTableName(q, 2));
    expect(viewTableName(q, 1)).not.toBe(viewTableName(other, 1));
  });
});
