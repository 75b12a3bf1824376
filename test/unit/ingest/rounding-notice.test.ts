/**
 * Decimal cells with more decimals than their column keeps are rounded once, half away from
 * zero, and never without a word: the load counts them per file and column and says so in its
 * warnings (the Data screen's file row, `finops inspect`/`analyze` on stderr).
 *
 * What is kept exactly: money and quantities to 18 decimals (DECIMAL(38,18)); unit prices in
 * minor units (Stripe's `unit_amount_decimal`) to 12 decimals of the minor unit, Stripe's own
 * limit, so 14 (USD) to 15 (KWD) decimals of the major unit, exact in DECIMAL(38,18).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { createNativeEngine } from '../../../src/engine/node-native-engine';
import { loadLocalFile } from '../../../src/ingest/node-files';
import { literal } from '../../../src/engine/sql';
import { adapters, createNodeEngine, focusCsv, loadText, type Engine } from './helpers';
import { cli } from '../cli/run-cli';

const EA = path.resolve(__dirname, '../../fixtures/cells/azure-ea-amortized-22-decimals.csv');
const EA_NOTICE =
  '3 cells of column "Cost" had more than 18 decimals; rounded half away from zero once to 18: first at row 10, value 0.0001188669167459011366 -> 0.000118866916745901';

const engines: [string, () => Promise<Engine>][] = [
  ['wasm', () => createNodeEngine()],
  ['native', () => createNativeEngine({ memoryLimit: '512MB', threads: 1 })],
];

describe.each(engines)('rounding past the kept decimals (%s engine)', (_name, create) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await create();
  });
  afterAll(async () => {
    await engine.close();
  });

  it('a real Azure EA export: 3 Cost cells of 22-28 decimals, counted and rounded once to 18', async () => {
    const r = await loadLocalFile(engine, EA, { adapters });
    expect(r.rows).toBe(28);
    expect(r.warnings).toEqual([EA_NOTICE]);
    const rows = await engine.query<{ row: number; cost: string }>(
      `SELECT source_row AS row, CAST(BilledCost AS VARCHAR) AS cost FROM cost_lines WHERE source_file = ${literal(r.file)} AND source_row IN (10, 12, 14) ORDER BY 1`,
    );
    // 0.0001188669167459011366, 0.0000000072922557592391990000, 0.0000000191107392311096200000 as written.
    expect(rows.map((x) => x.cost)).toEqual(['0.000118866916745901', '0.000000007292255759', '0.000000019110739231']);
  });

  it('the rule: half away from zero on a tie, exponents and trailing zeros counted by the decimals they really have', async () => {
    const r = await loadText(
      engine,
      'ties.csv',
      focusCsv([
        ['0.0000000000000000025', '1', 'USD'],
        ['-0.0000000000000000025', '1', 'USD'],
        ['2.5e-18', '1.5000000000000000000000', 'USD'],
        ['100e-20', '0.1e-17', 'USD'],
        ['1.3e-18', '0.123456789012345678', 'USD'],
      ]),
    );
    expect(r.warnings).toEqual([
      '4 cells of column "BilledCost" had more than 18 decimals; rounded half away from zero once to 18: first at row 1, value 0.0000000000000000025 -> 0.000000000000000003',
    ]);
    const kept = await engine.query<{ b: string }>(
      `SELECT CAST(BilledCost AS VARCHAR) AS b FROM cost_lines WHERE source_file = 'ties.csv' ORDER BY source_row`,
    );
    expect(kept.map((x) => x.b)).toEqual([
      '0.000000000000000003',
      '-0.000000000000000003',
      '0.000000000000000003',
      '0.000000000000000001',
      '0.000000000000000001',
    ]);
  });

  it('a file within 18 decimals has no notice', async () => {
    const r = await loadText(engine, 'plain.csv', focusCsv([['1.123456789012345678', '12345678901234.5', 'USD']]));
    expect(r.warnings).toEqual([]);
  });

  it('a file with no cell to round is read once: the rounding test runs inside the mapping, no counting scan', async () => {
    const scans: string[] = [];
    const spy: Engine = Object.create(engine, {
      query: { value: (sql: string, p?: never) => (scans.push(sql), engine.query(sql, p)) },
      exec: { value: (sql: string) => (scans.push(sql), engine.exec(sql)) },
    });
    const r = await loadText(
      spy,
      'once.csv',
      focusCsv([
        ['1.123456789012345678', '1.5e-3', 'USD'],
        ['2', '3', 'USD'],
      ]),
    );
    expect(r.warnings).toEqual([]);
    expect(scans.filter((s) => s.includes('count_if(d0)'))).toEqual([]);
    expect(scans.filter((s) => s.includes('FINOPS_ROUNDS'))).toHaveLength(1);
  });

  it('a cell to round on the last row only: mapped again and counted, the same notice and values', async () => {
    const rows: [string, string, string][] = Array.from({ length: 3000 }, (_, i) => [`${i}.25`, '1', 'USD']);
    rows.push(['1e-19', '0.00000000000000000050', 'USD']);
    const r = await loadText(engine, 'late.csv', focusCsv(rows));
    expect(r.rows).toBe(3001);
    expect(r.warnings).toEqual([
      '1 cell of column "BilledCost" had more than 18 decimals; rounded half away from zero once to 18: first at row 3001, value 1e-19 -> 0.000000000000000000',
      '1 cell of column "EffectiveCost" had more than 18 decimals; rounded half away from zero once to 18: first at row 3001, value 0.00000000000000000050 -> 0.000000000000000001',
    ]);
  });

  it('a cell to round before a cell that does not parse: the load is refused naming the bad cell, as without the test', async () => {
    await expect(
      loadText(
        engine,
        'both.csv',
        focusCsv([
          ['0.0000000000000000025', '1', 'USD'],
          ['2', 'abc', 'USD'],
        ]),
      ),
    ).rejects.toThrow(/both\.csv: row 2, column "EffectiveCost": expected a decimal number/);
  });

  it('a price book (mapped through a staging table) gets the same notice', async () => {
    const r = await loadText(engine, 'prices.csv', 'sku,currency,unit_price\nvm,USD,0.0000000000000000001\ndisk,USD,0.5\n');
    expect(r.warnings).toEqual([
      '1 cell of column "unit_price" had more than 18 decimals; rounded half away from zero once to 18: first at row 1, value 0.0000000000000000001 -> 0.000000000000000000',
    ]);
  });

  it('a Stripe minor-unit price keeps 12 decimals of the minor unit exactly; a 13th is rounded with a notice', async () => {
    const fixture = path.resolve(__dirname, '../../fixtures/cells/stripe-invoice-lines-null-lookup-key.json');
    const json = readFileSync(fixture, 'utf8')
      .replace('"unit_amount_decimal": "1"', '"unit_amount_decimal": "0.123456789012"')
      .replace('"unit_amount_decimal": "2000"', '"unit_amount_decimal": "0.1234567890125"');
    const r = await loadText(engine, 'stripe-lines.json', json);
    expect(r.warnings).toEqual([
      '1 cell of column "price.unit_amount_decimal" had more than 12 decimals; rounded half away from zero once to 12: first at row 2, value 0.1234567890125 -> 0.123456789013',
    ]);
    const prices = await engine.query<{ p: string }>(
      `SELECT CAST(unit_price AS VARCHAR) AS p FROM invoice_lines WHERE source_file = 'stripe-lines.json' ORDER BY source_row LIMIT 2`,
    );
    // USD: cents x 0.01, exact: 12 decimals of a cent are 14 of a dollar.
    expect(prices.map((x) => x.p)).toEqual(['0.001234567890120000', '0.001234567890130000']);
  });
});

describe('a Parquet DECIMAL(38,22) column (typed twin)', () => {
  it('is rounded once to 18 with the same notice, on both engines', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'finops-rounding-'));
    const file = path.join(dir, 'focus-22.parquet');
    // Written by plain DuckDB: the engines' SQL cannot write files (sql-file-access.test.ts).
    const writer = await (await DuckDBInstance.create(':memory:')).connect();
    await writer.run(
      `COPY (SELECT CAST(v AS DECIMAL(38,22)) AS BilledCost, CAST(v AS DECIMAL(38,22)) AS EffectiveCost, 'USD' AS BillingCurrency, ` +
        `TIMESTAMP '2024-09-01' AS ChargePeriodStart, TIMESTAMP '2024-09-02' AS ChargePeriodEnd, 'Usage' AS ChargeCategory, ` +
        `'Compute' AS ServiceName, 'Acme' AS ProviderName FROM (VALUES ('1.5'), ('0.0001188669167459011366')) t(v)) TO ${literal(file)} (FORMAT parquet)`,
    );
    writer.closeSync();
    for (const [, create] of engines) {
      const engine = await create();
      try {
        const r = await loadLocalFile(engine, file, { adapters });
        expect(r.warnings.filter((w) => w.includes('"BilledCost"'))).toEqual([
          '1 cell of column "BilledCost" had more than 18 decimals; rounded half away from zero once to 18: first at row 2, value 0.0001188669167459011366 -> 0.000118866916745901',
        ]);
      } finally {
        await engine.close();
      }
    }
  });
});

describe('the CLI says so', () => {
  it('finops inspect prints the notice on stderr and still loads the file', async () => {
    const { code, out, err } = await cli('inspect', EA);
    expect(code).toBe(0);
    expect(out).toContain('azure-ea');
    expect(err).toBe(`finops inspect: ${EA}: ${EA_NOTICE}\n`);
  });

  it('finops analyze prints it on stderr', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'finops-rounding-out-'));
    const r = await cli('analyze', '--cost', EA, '--out', out);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`finops analyze: azure-ea-amortized-22-decimals.csv: ${EA_NOTICE}\n`);
  });
});
