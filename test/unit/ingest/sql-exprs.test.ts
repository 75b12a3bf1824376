/**
 * The adapters' cell conversions against DuckDB's own casts: the money fast path (two halves) and
 * the selective trim must give exactly what the general cast and NULLIF(trim(c), '') give.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ident, literal } from '../../../src/engine/sql';
import { money, text } from '../../../src/ingest/sql';
import { typedTwin } from '../../../src/ingest/raw';
import { createNodeEngine, type Engine } from './helpers';

const MONEY_CELLS = [
  '0.5', '-0.5', '-0.000000000000000001', '12.000000000000000001', '7919.000000000000000',
  '123456789012345678.123456789012345678', '-999999999999999999.999999999999999999',
  // Beyond the fast path's 18 + 18 digits: the general cast rounds or widens.
  '1234567890123456789.5', '1.1234567890123456789', '0.0000000000000000005',
  // Shapes the fast path leaves to the general cast.
  '5', '-5', '5.', '.5', '+1.25', '0018.50', ' 2.5', '2.5 ', '6.65679E-09', '-1.5e3', '1e-18',
];

describe('map-sql conversions', () => {
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

  it('money() still stops on text that is not a number, naming the row', async () => {
    await expect(engine.query(`SELECT ${money('v')} FROM (VALUES (7, '12.5x')) t("__row", v)`)).rejects.toThrow(/7.*v.*a decimal number.*12\.5x/s);
  });

  it('money() casts a typed twin directly, and names the cell of a value too large for DECIMAL(38,18)', async () => {
    const typed = { v: 'DECIMAL(38,0)' };
    const rel = (big: string) =>
      `(VALUES (1, '12', CAST('12' AS DECIMAL(38,0))), (2, NULL, NULL), (3, '${big}', CAST('${big}' AS DECIMAL(38,0)))) t("__row", v, ${ident(typedTwin('v'))})`;
    const ok = await engine.query<{ m: string | null }>(`SELECT CAST(${money('v', typed)} AS VARCHAR) AS m FROM ${rel('99999999999999999999')} ORDER BY "__row"`);
    expect(ok.map((r) => r.m)).toEqual(['12.000000000000000000', null, '99999999999999999999.000000000000000000']);
    await expect(engine.query(`SELECT ${money('v', typed)} FROM ${rel('100000000000000000000')}`)).rejects.toThrow(/3.*v.*fits DECIMAL\(38,18\).*100000000000000000000/s);
  });

  it('text() equals NULLIF(trim(c), \'\') on edge spaces, empty and blank cells', async () => {
    const cells = ['a', ' a', 'a ', '  a b  ', '', '   ', '\ta', 'a\n', 'ü ', ' 日'];
    const rows = cells.map((v) => `(${literal(v)})`).join(', ');
    const got = await engine.query<{ a: string | null; b: string | null }>(`SELECT ${text('v')} AS a, NULLIF(trim(v), '') AS b FROM (VALUES ${rows}) t(v)`);
    expect(got).toHaveLength(cells.length);
    for (const r of got) expect(r.a).toBe(r.b);
    expect(got.map((r) => r.a)).toContain('a b');
  });
});
