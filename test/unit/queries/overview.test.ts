import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine';
import { runQuery } from '../../../src/queries/query';
import { overviewMargin, overviewReconciliation, overviewUsage } from '../../../src/queries/overview/kpis';
import { overviewCoverage } from '../../../src/queries/overview/coverage';
import { demoCompany, exact, type DemoCompany } from './demo-company';

let demo: DemoCompany;
let engine: Engine;
beforeAll(async () => {
  demo = await demoCompany();
  engine = demo.engine;
});
afterAll(async () => engine?.close());

describe('overview/kpis on the demo company', () => {
  it('margin tile: ledger revenue, allocated cost and the unallocated share, per currency', async () => {
    expect(await runQuery(engine, overviewMargin({ currency: 'USD', period: 'all' }))).toEqual([
      {
        revenue: '1405.230000000000000000',
        cost: '2057.380000000000000000',
        margin: '-652.150000000000000000',
        n: 6,
        unallocated: '62.760000000000000000',
      },
    ]);
    expect(await runQuery(engine, overviewMargin({ currency: 'JPY', period: 'all' }))).toEqual([
      { revenue: '30701.000000000000000000', cost: '0.000000000000000000', margin: '30701.000000000000000000', n: 3, unallocated: null },
    ]);
  });

  it('margin tile agrees with the margin analysis totals', async () => {
    const [usd] = await runQuery(engine, overviewMargin({ currency: 'USD', period: 'all' }));
    const total = demo.analysis.margin!.byCurrency.find((r) => r.currency === 'USD')!;
    expect([exact(usd.revenue), exact(usd.cost), exact(usd.margin)]).toEqual([exact(total.revenue), exact(total.cost), exact(total.margin)]);
  });

  it('a month reads the period rows; a month without data has no margin', async () => {
    expect(await runQuery(engine, overviewMargin({ currency: 'USD', period: '2024-03' }))).toEqual(
      await runQuery(engine, overviewMargin({ currency: 'USD', period: 'all' })),
    );
    expect(await runQuery(engine, overviewMargin({ currency: 'USD', period: '2024-02' }))).toEqual([
      { revenue: null, cost: null, margin: null, n: 0, unallocated: null },
    ]);
  });

  it('reconciliation tile: delta billed − expected and rows off', async () => {
    expect(await runQuery(engine, overviewReconciliation({ currency: 'USD', period: 'all' }))).toEqual([
      { delta: '105.790000000000000000', n: 12, off: 6 },
    ]);
    expect(await runQuery(engine, overviewReconciliation({ currency: 'JPY', period: '2024-03' }))).toEqual([
      { delta: '0.000000000000000000', n: 2, off: 0 },
    ]);
    expect(await runQuery(engine, overviewReconciliation({ currency: 'USD', period: '2024-02' }))).toEqual([{ delta: null, n: 0, off: 0 }]);
  });

  it('usage tile: events and the unattributed ones (seven events without a subject)', async () => {
    expect(await runQuery(engine, overviewUsage({ period: 'all' }))).toEqual([
      { n: 497, un: 7, q: '33350.283000000000000000', uq: '280.000000000000000000' },
    ]);
    expect(await runQuery(engine, overviewUsage({ period: '2024-03' }))).toEqual(await runQuery(engine, overviewUsage({ period: 'all' })));
    expect(await runQuery(engine, overviewUsage({ period: '2024-02' }))).toEqual([{ n: 0, un: 0, q: null, uq: null }]);
  });
});

describe('overview/coverage on the demo company', () => {
  it('counts rows per source, month and currency', async () => {
    const rows = await runQuery(engine, overviewCoverage());
    const of = (source: string) => rows.filter((r) => r.source === source).map((r) => `${r.period} ${r.currency ?? '-'} ${r.n}`);
    expect(of('usage')).toEqual(['2024-03 - 497']);
    expect(of('cost').map((s) => s.split(' ').slice(0, 2).join(' '))).toEqual(['2024-03 USD']);
    expect(rows.filter((r) => r.source === 'cost').reduce((s, r) => s + r.n, 0)).toBe(403);
    expect(rows.filter((r) => r.source === 'ledger').map((r) => r.currency)).toContain('JPY');
  });
});
