import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine';
import { runQuery } from '../../../src/queries/query';
import { costTotals } from '../../../src/queries/cost/totals';
import { costByService } from '../../../src/queries/cost/by-service';
import { costLinesOfService } from '../../../src/queries/cost/lines-of-service';
import { demoTables, exact, sumAtScale } from './demo-company';

let engine: Engine;
beforeAll(async () => {
  engine = await demoTables();
});
afterAll(async () => engine?.close());

describe('cost/totals', () => {
  it('billed and effective cost of the AWS bill, exactly (the provider invoice total)', async () => {
    expect(await runQuery(engine, costTotals({ currency: 'USD', period: 'all' }))).toEqual([
      { billed: '2057.375861489900000000', effective: '2057.375861489900000000', lines: 403, other_lines: 0, other: null },
    ]);
    expect(await runQuery(engine, costTotals({ currency: 'USD', period: '2024-03' }))).toEqual(
      await runQuery(engine, costTotals({ currency: 'USD', period: 'all' })),
    );
  });

  it('counts lines in other currencies without adding them', async () => {
    expect(await runQuery(engine, costTotals({ currency: 'JPY', period: 'all' }))).toEqual([
      { billed: null, effective: null, lines: 0, other_lines: 403, other: 'USD' },
    ]);
    expect(await runQuery(engine, costTotals({ currency: 'USD', period: '2024-02' }))).toEqual([
      { billed: null, effective: null, lines: 0, other_lines: 0, other: null },
    ]);
  });
});

describe('cost/by-service', () => {
  it('one row per service × provider with exact sums', async () => {
    const rows = await runQuery(engine, costByService({ currency: 'USD', period: 'all' }));
    const byName = Object.fromEntries(rows.map((r) => [r.service, r]));
    expect(rows).toHaveLength(5);
    expect(byName['Amazon SageMaker']).toEqual({
      service: 'Amazon SageMaker',
      category: 'Compute',
      provider: 'AWS',
      source_service: 'Amazon SageMaker',
      source_provider: 'AWS',
      billed_cost: '1938.072845220900000000',
      effective_cost: '1938.072845220900000000',
      list_cost: '1938.072845220900000000',
      currency: 'USD',
      lines: 31,
    });
    expect(byName['Amazon Virtual Private Cloud'].billed_cost).toBe('62.761760028300000000');
    expect(byName['Amazon API Gateway'].lines).toBe(155);
  });

  it('adds up to the totals', async () => {
    const rows = await runQuery(engine, costByService({ currency: 'USD', period: 'all' }));
    const [t] = await runQuery(engine, costTotals({ currency: 'USD', period: 'all' }));
    expect(sumAtScale(rows.map((r) => r.billed_cost!))).toBe(t.billed);
    expect(rows.reduce((n, r) => n + r.lines, 0)).toBe(t.lines);
  });

  it('has no rows for another currency or an empty month', async () => {
    expect(await runQuery(engine, costByService({ currency: 'JPY', period: 'all' }))).toEqual([]);
    expect(await runQuery(engine, costByService({ currency: 'USD', period: '2024-02' }))).toEqual([]);
  });
});

describe('cost/lines-of-service', () => {
  it('the lines behind one service, each with its source file and row', async () => {
    const q = costLinesOfService({ currency: 'USD', period: 'all', service: 'Amazon SageMaker', provider: 'AWS' });
    expect(q.table).toBe('cost_lines');
    const rows = await runQuery(engine, q);
    expect(rows).toHaveLength(31);
    expect(sumAtScale(rows.map((r) => r.BilledCost!))).toBe('1938.072845220900000000');
    expect(new Set(rows.map((r) => r.source_file))).toEqual(new Set(['cost_focus.csv']));
    expect(rows.every((r) => typeof r.source_row === 'number' && r.source_row > 0)).toBe(true);
    expect(Object.keys(rows[0])).toEqual([
      'source_file',
      'source_row',
      'ChargePeriodStart',
      'ServiceName',
      'SkuId',
      'ResourceId',
      'ChargeCategory',
      'BilledCost',
      'EffectiveCost',
      'BillingCurrency',
    ]);
  });

  it('matches a missing service or provider with IS NOT DISTINCT FROM', async () => {
    expect(await runQuery(engine, costLinesOfService({ currency: 'USD', period: 'all', service: 'Amazon SageMaker', provider: null }))).toEqual([]);
    await engine.exec(`UPDATE cost_lines SET ProviderName = NULL WHERE ServiceName = 'Amazon Virtual Private Cloud'`);
    try {
      const rows = await runQuery(
        engine,
        costLinesOfService({ currency: 'USD', period: 'all', service: 'Amazon Virtual Private Cloud', provider: null }),
      );
      expect(rows).toHaveLength(31);
      expect(exact(sumAtScale(rows.map((r) => r.BilledCost!)))).toBe(exact('62.7617600283'));
    } finally {
      await engine.exec(`UPDATE cost_lines SET ProviderName = 'AWS' WHERE ServiceName = 'Amazon Virtual Private Cloud'`);
    }
  });
});
