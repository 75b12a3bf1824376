import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine';
import { runQuery } from '../../../src/queries/query';
import { gridColumns, gridCount, gridPage } from '../../../src/queries/grid/page';
import { costByService } from '../../../src/queries/cost/by-service';
import { sourceRows } from '../../../src/queries/data/source-rows';
import { cond } from '../../../src/queries/condition';
import { demoTables } from './demo-company';

let engine: Engine;
beforeAll(async () => {
  engine = await demoTables();
});
afterAll(async () => engine?.close());

const services = costByService({ currency: 'USD', period: 'all' });

describe('grid/page', () => {
  it('columns of any query from DESCRIBE, exact DECIMAL types included', async () => {
    const cols = await runQuery(engine, gridColumns(services));
    expect(cols.map((c) => [c.column_name, c.column_type])).toEqual([
      ['service', 'VARCHAR'],
      ['category', 'VARCHAR'],
      ['provider', 'VARCHAR'],
      ['source_service', 'VARCHAR'],
      ['source_provider', 'VARCHAR'],
      ['billed_cost', 'DECIMAL(38,18)'],
      ['effective_cost', 'DECIMAL(38,18)'],
      ['list_cost', 'DECIMAL(38,18)'],
      ['currency', 'VARCHAR'],
      ['lines', 'BIGINT'],
    ]);
  });

  it('counts the rows of the query with its own parameters', async () => {
    expect(await runQuery(engine, gridCount(services))).toEqual([{ n: 5 }]);
    expect(await runQuery(engine, gridCount(costByService({ currency: 'JPY', period: 'all' })))).toEqual([{ n: 0 }]);
  });

  it('sorts by a column, descending or ascending, nulls last', async () => {
    const desc = await runQuery(engine, gridPage(services, { key: 'billed_cost', desc: true }, 0, 200));
    expect(desc.map((r) => r.billed_cost)).toEqual([
      '1938.072845220900000000',
      '62.761760028300000000',
      '38.014349475800000000',
      '10.846319638000000000',
      '7.680587126900000000',
    ]);
    const asc = await runQuery(engine, gridPage(services, { key: 'billed_cost', desc: false }, 0, 200));
    expect(asc.map((r) => r.billed_cost)).toEqual([...desc.map((r) => r.billed_cost)].reverse());
    const withNull = sourceRows('cost_lines', cond('ServiceName = ?', 'Amazon SageMaker'));
    await engine.exec(
      `UPDATE cost_lines SET SkuId = NULL WHERE ServiceName = 'Amazon SageMaker' AND source_row = (SELECT min(source_row) FROM cost_lines WHERE ServiceName = 'Amazon SageMaker')`,
    );
    for (const d of [true, false]) {
      const rows = await runQuery(engine, gridPage(withNull, { key: 'SkuId', desc: d }, 0, 200));
      expect(rows.at(-1)!.SkuId).toBeNull();
    }
  });

  it('pages with LIMIT/OFFSET after the query parameters: pages tile the sorted rows', async () => {
    const lines = sourceRows('cost_lines', cond('BillingCurrency = ?', 'USD'));
    const sort = { key: 'source_row', desc: false };
    const all = await runQuery(engine, gridPage(lines, sort, 0, 1000));
    expect(all).toHaveLength(403);
    const pages = [];
    for (let p = 0; p < 3; p++) pages.push(...(await runQuery(engine, gridPage(lines, sort, p, 200))));
    expect(pages.map((r) => r.source_row)).toEqual(all.map((r) => r.source_row));
    const last = await runQuery(engine, gridPage(lines, sort, 2, 200));
    expect(last.map((r) => r.source_row)).toEqual(all.slice(400).map((r) => r.source_row));
  });

  it('pages tile a sort with many equal keys: every row exactly once', async () => {
    const ties = { name: 'ties', sql: 'SELECT i, i % 2 AS k, md5(i::VARCHAR) AS s FROM range(6000) t(i) WHERE s > ?', params: ['0'] };
    for (const desc of [true, false]) {
      const seen: number[] = [];
      for (let p = 0; p < 30; p++) seen.push(...(await runQuery(engine, gridPage(ties, { key: 'k', desc }, p, 200))).map((r) => Number(r.i)));
      expect(new Set(seen).size, `distinct rows over the pages (desc ${desc})`).toBe(seen.length);
      const [n] = await runQuery(engine, gridCount(ties));
      expect(seen.length).toBe(Number(n.n));
    }
  });

  it('quotes the sort column as an identifier', async () => {
    await expect(runQuery(engine, gridPage(services, { key: 'lines; DROP TABLE cost_lines', desc: true }, 0, 10))).rejects.toThrow();
    expect(await runQuery(engine, gridCount(services))).toEqual([{ n: 5 }]);
  });
});
