import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine';
import { runQuery } from '../../../src/queries/query';
import { consoleTables } from '../../../src/queries/sql/tables';
import {
  consoleCheck,
  consoleDecimalScales,
  consoleErrorText,
  consoleQuery,
  consoleStatement,
  readOnlyRefusal,
} from '../../../src/queries/sql/console';
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
      { name: 'billing_periods', rows: 0 },
      { name: 'contract_commitments', rows: 0 },
      { name: 'cost_lines', rows: 403 },
      { name: 'cost_tags', rows: 744 },
      { name: 'fx_rates', rows: 0 },
      { name: 'invoice_details', rows: 0 },
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

describe('sql/console checks before the grid runs a statement', () => {
  const errorOf = async (text: string) => {
    const statement = consoleStatement(text)!;
    try {
      await runQuery(engine, consoleCheck(statement));
    } catch (e) {
      return consoleErrorText((e as Error).message, statement);
    }
    return null;
  };

  it("tells a typo about the analyst's own text, once, without the wrapper query", async () => {
    const msg = await errorOf('SELEC ServiceName FROM cost_lines');
    expect(msg).toBe('Parser Error: syntax error at or near "FROM"\nline 1, column 19:\nSELEC ServiceName FROM cost_lines\n                  ^');
    const multi = await errorOf('SELECT ServiceName\nFROM cost_lines\nWHERE BilledCost >> 1 AND');
    expect(multi).toMatch(/^Parser Error: syntax error at end of input/);
    expect(multi).not.toMatch(/DESCRIBE|grid_d|LINE/);
    const missing = await errorOf('SELECT * FROM cost_line');
    expect(missing).toMatch(/^Catalog Error: Table with name cost_line does not exist!/);
    expect(missing).not.toMatch(/DESCRIBE|grid_d/);
    expect(missing).toContain('SELECT * FROM cost_line\n              ^');
  });

  it('refuses statements that change data by name, and lets queries through', () => {
    expect(readOnlyRefusal('DELETE FROM cost_lines')).toBe(
      'The console is read-only: DELETE is not a query. Tick “Allow changes” to run statements that change data.',
    );
    for (const text of [
      '  -- clean up\n delete from cost_lines',
      '/* x */ DROP TABLE t',
      '(INSERT INTO t VALUES (1))',
      'update t set a = 1',
      "COPY t TO 'x.csv'",
    ]) {
      expect(readOnlyRefusal(text), text).toMatch(/^The console is read-only: [A-Z]+ is not a query/);
    }
    for (const text of [
      'SELECT 1',
      'WITH a AS (SELECT 1) SELECT * FROM a',
      'FROM cost_lines',
      '(SELECT 1)',
      'DESCRIBE cost_lines',
      "SELECT 'DELETE'",
    ]) {
      expect(readOnlyRefusal(text), text).toBeNull();
    }
  });

  it('finds the decimals each DECIMAL column needs, exactly, trailing zeros dropped', async () => {
    const statement = `SELECT sum(BilledCost) AS billed, 1.5::DECIMAL(38,18) AS half, 2::DECIMAL(38,18) AS whole,
      NULL::DECIMAL(38,18) AS nothing, -0.000000000000000001::DECIMAL(38,18) AS tiny FROM cost_lines`;
    const [row] = await runQuery(engine, consoleDecimalScales(statement, ['billed', 'half', 'whole', 'nothing', 'tiny']));
    expect(row).toEqual({ s0: 10, s1: 1, s2: 0, s3: 0, s4: 18 });
  });
});
