/**
 * Numbers out of a grid: totals per currency summed exactly in SQL (one row per currency, never
 * across currencies), every row in the grid's order for exports, and the TSV/CSV/XLSX text of
 * those rows with amounts exact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import type { Engine } from '../../../src/engine/engine';
import { createNodeEngine } from '../../../src/engine/node-engine';
import { sumDecimals } from '../../../src/model/money';
import { parseCsv } from '../../../src/model/csv';
import { defineQuery, runQuery } from '../../../src/queries/query';
import { gridAll, gridCount, gridSlice } from '../../../src/queries/grid/page';
import { gridTotals, totalAlias, totalsRowCount } from '../../../src/queries/grid/totals';
import { exportText, gridCsv, gridXlsx, toTsv, trimDecimal, type ExportColumn } from '../../../src/queries/grid/export';

let engine: Engine;
// Amounts a double cannot hold: 17 significant digits and 18 decimals.
const LINES: [string, string, string][] = [
  ['a', '12345678901234567.100000000000000001', 'USD'],
  ['b', '0.100000000000000000', 'USD'],
  ['c', '0.200000000000000000', 'USD'],
  ['d', '1001', 'JPY'],
  ['e', '-0.000000000000000001', 'EUR'],
  ['f', '99999999999999999.999999999999999999', 'JPY'],
  ['g', '5.5', 'EUR'],
];

beforeAll(async () => {
  engine = await createNodeEngine();
  await engine.exec('CREATE TABLE grid_lines (name VARCHAR, amount DECIMAL(38,18), fee DECIMAL(38,18), currency VARCHAR, note VARCHAR)');
  for (const [name, amount, currency] of LINES)
    await engine.query('INSERT INTO grid_lines VALUES (?, CAST(? AS DECIMAL(38,18)), CAST(? AS DECIMAL(38,18)), ?, ?)', [
      name,
      amount,
      name === 'g' ? null : '0.01',
      currency,
      name === 'b' ? 'tab\there, "quoted"' : `line ${name}`,
    ]);
});
afterAll(async () => engine?.close());

const lines = (minAmount = '-99999999999999999999') =>
  defineQuery('test/lines', 'SELECT * FROM grid_lines WHERE amount > CAST(? AS DECIMAL(38,18))', [minAmount]);

const COLS: ExportColumn[] = [
  { key: 'name', label: 'Name', kind: 'text' },
  { key: 'amount', label: 'Amount', kind: 'money', currencyKey: 'currency' },
  { key: 'currency', label: 'Currency', kind: 'text' },
  { key: 'note', label: 'Note', kind: 'text' },
];

describe('grid totals', () => {
  it('sums each currency exactly in SQL, one row per currency', async () => {
    const rows = await runQuery(engine, gridTotals(lines(), { key: 'currency' }, ['amount', 'fee']));
    const byCur = (c: string) => LINES.filter((l) => l[2] === c).map((l) => l[1]);
    expect(rows.map((r) => r.grid_currency)).toEqual(['EUR', 'JPY', 'USD']);
    for (const r of rows) {
      const cur = r.grid_currency!;
      expect(sumDecimals([r[totalAlias(0)] as string], 18), `${cur} amount`).toBe(sumDecimals(byCur(cur), 18));
      expect(r.grid_rows).toBe(byCur(cur).length);
    }
    expect(rows.find((r) => r.grid_currency === 'USD')![totalAlias(0)]).toBe('12345678901234567.400000000000000001');
    // A NULL fee is left out of the sum, not counted as zero text.
    expect(rows.find((r) => r.grid_currency === 'EUR')![totalAlias(1)]).toBe('0.010000000000000000');
  });

  it('respects the query parameters; a fixed currency gives one row, none when no rows', async () => {
    const rows = await runQuery(engine, gridTotals(lines('1'), { code: 'USD' }, ['amount']));
    expect(rows).toEqual([
      { grid_currency: 'USD', grid_rows: 4, [totalAlias(0)]: sumDecimals([LINES[0][1], LINES[3][1], LINES[5][1], LINES[6][1]], 18) },
    ]);
    expect(await runQuery(engine, gridTotals(lines('99999999999999999999'), { code: 'USD' }, ['amount']))).toEqual([]);
  });

  it('count the grid as its count query does, rows without a currency or an amount included', async () => {
    const mixed = defineQuery(
      'test/mixed',
      `SELECT name, CASE WHEN name = 'g' THEN NULL ELSE amount END AS amount, CASE WHEN name IN ('a', 'e') THEN NULL ELSE currency END AS currency
       FROM grid_lines WHERE amount > CAST(? AS DECIMAL(38,18))`,
      ['-1'],
    );
    const [{ n }] = await runQuery(engine, gridCount(mixed));
    expect(n).toBe(LINES.length);
    expect(totalsRowCount(await runQuery(engine, gridTotals(mixed, { key: 'currency' }, ['amount'])))).toBe(n);
    expect(totalsRowCount(await runQuery(engine, gridTotals(mixed, { code: 'USD' }, ['amount'])))).toBe(n);
    expect(totalsRowCount(await runQuery(engine, gridTotals(lines('99999999999999999999'), { key: 'currency' }, ['amount'])))).toBe(0);
  });
});

describe('grid rows out', () => {
  it('gridAll returns every row in the sort order; gridSlice a block of it', async () => {
    const all = await runQuery(engine, gridAll(lines(), { key: 'amount', desc: true }));
    expect(all.map((r) => r.name)).toEqual(['f', 'a', 'd', 'g', 'c', 'b', 'e']);
    const block = await runQuery(engine, gridSlice(lines(), { key: 'amount', desc: true }, 2, 3));
    expect(block.map((r) => r.name)).toEqual(['d', 'g', 'c']);
  });

  it('writes amounts exactly, trimmed to the currency decimals, never rounded', async () => {
    expect(trimDecimal('1234.500000000000000000', 2)).toBe('1234.50');
    expect(trimDecimal('1001.000000000000000000', 0)).toBe('1001');
    expect(trimDecimal('-0.000000000000000001', 2)).toBe('-0.000000000000000001');
    const all = await runQuery(engine, gridAll(lines(), { key: 'name', desc: false }));
    expect(all.map((r) => exportText(r, COLS[1]))).toEqual([
      '12345678901234567.100000000000000001',
      '0.10',
      '0.20',
      '1001',
      '-0.000000000000000001',
      '99999999999999999.999999999999999999',
      '5.50',
    ]);
  });

  it('TSV, CSV and XLSX carry the same rows and columns in order', async () => {
    const all = await runQuery(engine, gridAll(lines(), { key: 'name', desc: false }));
    const tsv = toTsv(all.slice(0, 2), COLS, true);
    expect(tsv).toBe(
      'Name\tAmount\tCurrency\tNote\r\na\t12345678901234567.100000000000000001\tUSD\tline a\r\nb\t0.10\tUSD\t"tab\there, ""quoted"""\r\n',
    );
    expect(toTsv(all.slice(3, 4), COLS.slice(1, 3), false)).toBe('1001\tJPY\r\n');
    const csv = parseCsv(gridCsv(all, COLS));
    expect(csv[0]).toEqual(['Name', 'Amount', 'Currency', 'Note']);
    expect(csv.slice(1).map((r) => r[0])).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(csv[5][1]).toBe('-0.000000000000000001');
    const sheet = strFromU8(unzipSync(gridXlsx(all, COLS, 'Lines: all / USD'))['xl/worksheets/sheet1.xml']);
    expect(sheet).toContain('<c r="B2" s="4"><v>12345678901234567.100000000000000001</v></c>');
    expect(sheet).toContain('<c r="B5" s="2"><v>1001</v></c>');
    expect(sheet.match(/<row /g)).toHaveLength(8);
  });
});
