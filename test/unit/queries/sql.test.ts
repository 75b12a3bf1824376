import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine';
import { runQuery } from '../../../src/queries/query';
import { consoleTables } from '../../../src/queries/sql/tables';
import { consoleQuery, consoleStatement } from '../../../src/queries/sql/console';
import { gridCount, gridPage } from '../../../src/queries/grid/page';
import { demoTables } from './demo-company';

let engine: Engine;
beforeAll(async () => {
  engine = await demoTables();
});
afterAll(async () => engine?.close());

describe('sql/tables', () => {
  it('lists the canonical tables with their row estimates', async () => {
    expect(await runQuery(engine, consoleTables())).toEqual([
      { name: 'cost_lines', rows: 403 },
      { name: 'cost_tags', rows: 744 },
      { name: 'fx_rates', rows: 0 },
      { name: 'invoice_lines', rows: 18 },
      { name: 'price_book', rows: 10 },
      { name: 'usage_events', rows: 497 },
    ]);
  });
});

describe('sql/console', () => {
  it('takes the text without blanks and a trailing semicolon', () => {
    expect(consoleStatement('  SELECT 1;  \n')).toBe('SELECT 1');
    expect(consoleStatement(' ; ')).toBeNull();
  });

  it("runs the analyst's query through the grid", async () => {
    const q = consoleQuery(consoleStatement('SELECT ServiceName, sum(BilledCost) AS billed FROM cost_lines GROUP BY ALL;')!);
    expect(await runQuery(engine, gridCount(q))).toEqual([{ n: 5 }]);
    const [top] = await runQuery(engine, gridPage(q, { key: 'billed', desc: true }, 0, 1));
    expect(top).toEqual({ ServiceName: 'Amazon SageMaker', billed: '1938.072845220900000000' });
  });

  it('stays read-only through the grid: statements other than queries are refused and change nothing', async () => {
    for (const text of ['DELETE FROM cost_lines', 'DROP TABLE cost_lines', 'CREATE TABLE t AS SELECT 1', 'SELECT 1; DELETE FROM cost_lines']) {
      await expect(runQuery(engine, gridCount(consoleQuery(text))), text).rejects.toThrow();
    }
    expect(await engine.query('SELECT count(*) AS n FROM cost_lines')).toEqual([{ n: 403 }]);
    expect((await runQuery(engine, consoleTables())).map((t) => t.name)).not.toContain('t');
  });
});
