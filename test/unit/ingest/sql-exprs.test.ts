/**
 * The ingest expression set against DuckDB's own casts: the money fast path (two halves), the
 * minor-unit fast path and the selective trim must give exactly what the general cast and
 * NULLIF(trim(c), '') give, for cost and billing columns alike; header lookup keeps each
 * caller's matching; JSON built in SQL is valid JSON and reads back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ident, literal } from '../../../src/engine/sql';
import {
  CASE,
  KEY,
  decimal,
  findHeader,
  jsonFieldSql,
  jsonObjectSql,
  minorToMajor,
  money,
  requiredHeaders,
  text,
  timestamp,
} from '../../../src/ingest/sql';
import { typedTwin } from '../../../src/ingest/raw';
import { createNodeEngine, type Engine } from './helpers';

const MONEY_CELLS = [
  '0.5',
  '-0.5',
  '-0.000000000000000001',
  '12.000000000000000001',
  '7919.000000000000000',
  '123456789012345.123456789012345678',
  '-999999999999999.999999999999999999',
  // Beyond the fast path's 15 + 18 digits: the general cast, exact.
  '1.12345678901234567800',
  '0.5000000000000000000e-17',
  // Shapes the fast path leaves to the general cast.
  '5',
  '-5',
  '5.',
  '.5',
  '+1.25',
  '0018.50',
  ' 2.5',
  '2.5 ',
  '6.65679E-09',
  '-1.5e3',
  '1e-18',
];

describe('ingest expression set', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createNodeEngine();
  });
  afterAll(async () => engine?.close());

  it('money() equals the general DECIMAL(38,18) cast for every plain, signed, long and scientific shape', async () => {
    const rows = MONEY_CELLS.map((v, i) => `(${i}, ${literal(v)})`).join(', ');
    const got = await engine.query<{ v: string; fast: string; general: string }>(
      `SELECT v, CAST(${money('v')} AS VARCHAR) AS fast, CAST(TRY_CAST(trim(v) AS DECIMAL(38,18)) AS VARCHAR) AS general ` +
        `FROM (VALUES ${rows}) t("__row", v) ORDER BY "__row"`,
    );
    expect(got.map((r) => r.v)).toEqual(MONEY_CELLS);
    for (const r of got) expect({ v: r.v, value: r.fast }).toEqual({ v: r.v, value: r.general });
    expect(got.find((r) => r.v === '-0.000000000000000001')?.fast).toBe('-0.000000000000000001');
    expect(got.find((r) => r.v === '6.65679E-09')?.fast).toBe('0.000000006656790000');
  });

  it('money() refuses what DECIMAL(38,18) cannot keep exactly or sum safely, and digit separators, naming the rule', async () => {
    const refused: [string, RegExp][] = [
      ['123456789012345678.123456789012345678', /under 1e15 in magnitude/],
      ['-9999999999999999', /under 1e15 in magnitude/],
      ['1e20', /under 1e15 in magnitude/],
      ['1,234.56', /without digit separators, like 1234\.56/],
      ['1_000.50', /without digit separators, like 1234\.56/],
      ['NaN', /a decimal number/],
      ['Infinity', /a decimal number/],
    ];
    for (const [v, why] of refused) {
      const err = await engine.query(`SELECT ${money('v')} FROM (VALUES (4, ${literal(v)})) t("__row", v)`).then(
        () => null,
        (e: Error) => e.message,
      );
      expect(err, v).toMatch(why);
      expect(err, v).toContain(v);
    }
  });

  it('money() rounds a 19th decimal once, half away from zero (real exports carry 22)', async () => {
    const rows = await engine.query(
      `SELECT CAST(${money('v')} AS VARCHAR) AS m FROM (VALUES (1, '1.1234567890123456785'), (2, '-0.0001188669167459011366')) t("__row", v) ORDER BY "__row"`,
    );
    expect(rows.map((r) => r.m)).toEqual(['1.123456789012345679', '-0.000118866916745901']);
  });

  it('money() still stops on text that is not a number, naming the row', async () => {
    await expect(engine.query(`SELECT ${money('v')} FROM (VALUES (7, '12.5x')) t("__row", v)`)).rejects.toThrow(/7.*v.*a decimal number.*12\.5x/s);
  });

  it('money() casts a typed twin directly, and names the cell of a value too large to sum in DECIMAL(38,18)', async () => {
    const typed = { v: 'DECIMAL(38,0)' };
    const rel = (big: string) =>
      `(VALUES (1, '12', CAST('12' AS DECIMAL(38,0))), (2, NULL, NULL), (3, '${big}', CAST('${big}' AS DECIMAL(38,0)))) t("__row", v, ${ident(typedTwin('v'))})`;
    const ok = await engine.query<{ m: string | null }>(
      `SELECT CAST(${money('v', typed)} AS VARCHAR) AS m FROM ${rel('999999999999999')} ORDER BY "__row"`,
    );
    expect(ok.map((r) => r.m)).toEqual(['12.000000000000000000', null, '999999999999999.000000000000000000']);
    await expect(engine.query(`SELECT ${money('v', typed)} FROM ${rel('1000000000000000')}`)).rejects.toThrow(
      /3.*v.*under 1e15 in magnitude \(sums of larger ones would overflow DECIMAL\(38,18\)\).*1000000000000000/s,
    );
  });

  it("text() equals NULLIF(trim(c), '') on edge spaces, empty and blank cells", async () => {
    const cells = ['a', ' a', 'a ', '  a b  ', '', '   ', '\ta', 'a\n', 'ü ', ' 日'];
    const rows = cells.map((v) => `(${literal(v)})`).join(', ');
    const got = await engine.query<{ a: string | null; b: string | null }>(
      `SELECT ${text('v')} AS a, NULLIF(trim(v), '') AS b FROM (VALUES ${rows}) t(v)`,
    );
    expect(got).toHaveLength(cells.length);
    for (const r of got) expect(r.a).toBe(r.b);
    expect(got.map((r) => r.a)).toContain('a b');
  });

  const values = (cells: readonly (string | null)[]) => cells.map((v, i) => `(${i}, ${v === null ? 'NULL' : literal(v)})`).join(', ');

  it('decimal() with a billing type (unit prices in DECIMAL(38,12)) equals the general cast, rounding included', async () => {
    const cells = [...MONEY_CELLS, '0.0000000000005', '-0.0000000000005', '0.00000000000049', '1.9999999999995', '-12.3456789012345'];
    const type = 'DECIMAL(38,12)';
    const got = await engine.query<{ v: string; fast: string; general: string }>(
      `SELECT v, CAST(${decimal('v', { type })} AS VARCHAR) AS fast, CAST(TRY_CAST(trim(v) AS ${type}) AS VARCHAR) AS general ` +
        `FROM (VALUES ${values(cells)}) t("__row", v) ORDER BY "__row"`,
    );
    for (const r of got) expect({ v: r.v, value: r.fast }).toEqual({ v: r.v, value: r.general });
    expect(got.find((r) => r.v === '0.0000000000005')?.fast).toBe('0.000000000001');
  });

  it('minorToMajor() (cents -> major units) equals the general DECIMAL(38,0) cast, and stops on a fraction of a cent', async () => {
    const cells = [
      '0',
      '7',
      '-250',
      '1476',
      ' 12 ',
      '12.00',
      '123456789012345',
      '-999999999999999',
      '99999999999999999',
      '-1234567890123456.00',
      null,
    ];
    const got = await engine.query<{ v: string | null; fast: string | null; general: string | null }>(
      `SELECT v, CAST(${minorToMajor('v', `'USD'`)} AS VARCHAR) AS fast, CAST(CAST(CAST(trim(v) AS DECIMAL(38,0)) * 0.01 AS DECIMAL(38,18)) AS VARCHAR) AS general ` +
        `FROM (VALUES ${values(cells)}) t("__row", v) ORDER BY "__row"`,
    );
    for (const r of got) expect({ v: r.v, value: r.fast }).toEqual({ v: r.v, value: r.general });
    expect(got.find((r) => r.v === '-250')?.fast).toBe('-2.500000000000000000');
    // 1e15 major units or more would overflow sums: refused naming the cell, as decimal amounts are.
    for (const big of ['100000000000000000', '-1234567890123456789012']) {
      await expect(engine.query(`SELECT ${minorToMajor('v', `'USD'`)} FROM (VALUES (9, ${literal(big)})) t("__row", v)`)).rejects.toThrow(
        new RegExp(`9.*v.*under 1e15 in magnitude.*${big}`, 's'),
      );
    }
    const jpy = await engine.query<{ m: string }>(
      `SELECT CAST(${minorToMajor('v', `'JPY'`)} AS VARCHAR) AS m FROM (VALUES (1, '300')) t("__row", v)`,
    );
    expect(jpy[0].m).toBe('300.000000000000000000');
    for (const bad of ['12.5', '1e3', '$5'])
      await expect(engine.query(`SELECT ${minorToMajor('v', `'USD'`)} FROM (VALUES (4, ${literal(bad)})) t("__row", v)`)).rejects.toThrow(
        new RegExp(`4.*v.*an integer amount in minor units.*${bad.replace(/[.$]/g, '\\$&')}`, 's'),
      );
  });

  it('billing typed twins: integer cents, decimals and timestamps are cast from the twin', async () => {
    const twin = ident(typedTwin('v'));
    const cents = await engine.query<{ m: string }>(
      `SELECT CAST(${minorToMajor('v', `'USD'`, { v: 'BIGINT' })} AS VARCHAR) AS m FROM (VALUES (1, 'not read', CAST(-1476 AS BIGINT))) t("__row", v, ${twin})`,
    );
    expect(cents[0].m).toBe('-14.760000000000000000');
    const price = await engine.query<{ m: string }>(
      `SELECT CAST(${decimal('v', { type: 'DECIMAL(38,12)', typed: { v: 'DECIMAL(18,4)' } })} AS VARCHAR) AS m FROM (VALUES (1, 'not read', CAST('0.0125' AS DECIMAL(18,4)))) t("__row", v, ${twin})`,
    );
    expect(price[0].m).toBe('0.012500000000');
    const ts = await engine.query<{ t: string }>(
      `SELECT CAST(${timestamp('v', { epoch: true, typed: { v: 'TIMESTAMP WITH TIME ZONE' } })} AS VARCHAR) AS t FROM (VALUES (1, 'not read', TIMESTAMPTZ '2024-03-01 10:00:00+00')) t("__row", v, ${twin})`,
    );
    expect(ts[0].t).toBe('2024-03-01 10:00:00');
  });

  it('timestamp() with epoch (billing) reads ISO, dates, Unix seconds and milliseconds; without it (cost) only ISO and dates', async () => {
    const cells = ['2024-03-01T10:00:00Z', '2024-03-01T12:00:00+02:00', '2024-03-01', '1709287200', '1709287200.5', '1709287200000'];
    const got = await engine.query<{ t: string }>(
      `SELECT CAST(${timestamp('v', { epoch: true })} AS VARCHAR) AS t FROM (VALUES ${values(cells)}) t("__row", v) ORDER BY "__row"`,
    );
    expect(got.map((r) => r.t)).toEqual([
      '2024-03-01 10:00:00',
      '2024-03-01 10:00:00',
      '2024-03-01 00:00:00',
      '2024-03-01 10:00:00',
      '2024-03-01 10:00:00.5',
      '2024-03-01 10:00:00',
    ]);
    await expect(engine.query(`SELECT ${timestamp('v', { epoch: true })} FROM (VALUES (3, 'soon')) t("__row", v)`)).rejects.toThrow(
      /3.*v.*ISO-8601 or Unix seconds.*soon/s,
    );
    await expect(engine.query(`SELECT ${timestamp('v')} FROM (VALUES (5, '1709287200')) t("__row", v)`)).rejects.toThrow(
      /5.*v.*2024-01-31T00:00:00Z.*1709287200/s,
    );
  });

  it('findHeader: candidates in order; CASE prefers the exact spelling, then ignores case; KEY folds case and separators', () => {
    expect(findHeader(['cost', 'Cost'], 'Cost', CASE)).toBe('Cost');
    expect(findHeader(['COST', 'Cost'], 'cost', CASE)).toBe('COST');
    expect(findHeader(['b', 'a'], ['a', 'b'], CASE)).toBe('a');
    expect(findHeader(['data.value'], 'data_value', CASE)).toBeUndefined();
    expect(findHeader(['Usage Date'], 'usage_date', CASE)).toBeUndefined();
    expect(findHeader(['data.value'], 'data_value', KEY)).toBe('data.value');
    expect(findHeader(['Invoice Item: SKU'], 'invoice_item_sku', KEY)).toBe('Invoice Item: SKU');
    expect(findHeader([' Line_Items.ID '], 'line_items-id', KEY)).toBe(' Line_Items.ID ');
    // KEY takes the first header in file order with the same key (billing's matching, kept as it was).
    expect(findHeader(['data.value', 'data_value'], 'data_value', KEY)).toBe('data.value');
    expect(findHeader(['x'], [], KEY)).toBeUndefined();
    expect(requiredHeaders(['Fee_Amount_Cents'], ['fee_total_amount_cents|fee_amount_cents', 'currency'], KEY)).toEqual([
      'Fee_Amount_Cents',
      'currency',
    ]);
  });

  it('jsonObjectSql() writes valid JSON for awkward keys and values, and jsonFieldSql() reads the members back', async () => {
    const cells = ['plain', 'quote " and \\ backslash', 'line\nbreak\tand tab\r', null];
    const obj = jsonObjectSql([
      { key: 'k', value: 'v' },
      { key: 'we"ird.key', value: 'v' },
    ]);
    const got = await engine.query<{ j: string | null }>(`SELECT ${obj} AS j FROM (VALUES ${values(cells)}) t("__row", v) ORDER BY "__row"`);
    expect(got.slice(0, 3).map((r) => JSON.parse(r.j!))).toEqual(cells.slice(0, 3).map((v) => ({ k: v, 'we"ird.key': v })));
    expect(got[3].j).toBeNull();
    const doc = literal('{"name": "a.b", "n": "12.50", "m": -3e2, "flag": true, "a.b": "dotted"}');
    const [r] = await engine.query<Record<string, string | null>>(
      `SELECT ${jsonFieldSql(doc, 'name', 'string')} AS s, ${jsonFieldSql(doc, 'n', 'number')} AS n, ${jsonFieldSql(doc, 'm', 'number')} AS m, ` +
        `${jsonFieldSql(doc, ['missing', 'flag'], 'scalar')} AS f, ${jsonFieldSql(doc, 'a.b', 'string')} AS dotted, ${jsonFieldSql(doc, 'ab', 'string')} AS none`,
    );
    expect(r).toEqual({ s: 'a.b', n: '12.50', m: '-3e2', f: 'true', dotted: 'dotted', none: null });
  });
});
