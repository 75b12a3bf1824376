import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Compression, ParquetFile, Table as WasmTable, WriterPropertiesBuilder, writeParquet } from 'parquet-wasm/esm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine, LoadProgress } from '../../../src/engine/engine';
import { arrow } from '../../../src/engine/arrow';
import { createNodeEngine } from '../../../src/engine/node-engine';
import { loadLocalFile } from '../../../src/ingest/node-files';
import { initParquetNode } from '../../../src/ingest/node-parquet';
import { createAdapterRegistry } from '../../../src/ingest/registry';

const adapters = createAdapterRegistry();

const FIX = path.resolve(import.meta.dirname, '../../fixtures/parquet');
let engine: Engine;

beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => engine?.close());

async function linesOf(file: string): Promise<Record<string, unknown>[]> {
  return engine.query(`SELECT * EXCLUDE (source_file, x_line_id, source_format) FROM cost_lines WHERE source_file = ? ORDER BY source_row`, [file]);
}

describe('Parquet through loadFile', () => {
  it('loads FOCUS 1.2 Parquet with the same rows and per-currency totals as its CSV twin', async () => {
    const progress: LoadProgress[] = [];
    const pq = await loadLocalFile(engine, path.join(FIX, 'focus-1.2.parquet'), { adapters, onProgress: (p) => progress.push(p) });
    const csv = await loadLocalFile(engine, path.join(FIX, 'focus-1.2.csv'), { adapters });
    expect(pq.format).toBe(csv.format);
    expect(pq.rows).toBe(48);
    expect(pq.totals).toEqual(csv.totals);
    expect(Object.keys(pq.totals).sort()).toEqual(['EUR', 'USD']);
    expect(progress.some((p) => /Parquet row group 1 of 1/.test(p.stage))).toBe(true);
    expect(await linesOf('focus-1.2.parquet')).toEqual(await linesOf('focus-1.2.csv'));
    const tags = await engine.query<{ key: string; value: string }>(
      `SELECT key, value FROM cost_tags JOIN cost_lines ON x_line_id = line_id
       WHERE source_file = 'focus-1.2.parquet' AND source_row = 2 ORDER BY key`,
    );
    expect(tags).toEqual([
      { key: 'customer', value: 'cust-1' },
      { key: 'note', value: 'say "hi", a\\b' },
      { key: 'sku', value: 'sku-1' },
    ]);
    // Every line's tags: the Parquet load fills cost_tags from the map itself, the CSV load parses JSON.
    const tagsOf = (file: string) =>
      engine.query(`SELECT source_row, key, value FROM cost_tags JOIN cost_lines ON x_line_id = line_id WHERE source_file = '${file}' ORDER BY ALL`);
    const all = await tagsOf('focus-1.2.parquet');
    expect(all.length).toBeGreaterThan(50);
    expect(all).toEqual(await tagsOf('focus-1.2.csv'));
  });

  it.runIf(adapters.adapters.some((a) => a.format === 'aws-cur2'))('loads CUR 2.0 Parquet (map columns) like its CSV twin', async () => {
    const pq = await loadLocalFile(engine, path.join(FIX, 'cur2.parquet'), { adapters });
    const csv = await loadLocalFile(engine, path.join(FIX, 'cur2.csv'), { adapters });
    expect(pq.format).toBe('aws-cur2');
    expect(pq.totals).toEqual(csv.totals);
    expect(await linesOf('cur2.parquet')).toEqual(await linesOf('cur2.csv'));
  });

  it('decodes a file of several row groups in a worker thread: same lines and tags; cancelling leaves nothing behind', async () => {
    // The FOCUS fixture rewritten with 10-row groups (5 groups for 48 rows), on disk.
    await initParquetNode();
    const whole = await (await ParquetFile.fromFile(new Blob([readFileSync(path.join(FIX, 'focus-1.2.parquet'))]))).read();
    const props = new WriterPropertiesBuilder().setMaxRowGroupSize(10).setCompression(Compression.SNAPPY).build();
    const dir = mkdtempSync(path.join(tmpdir(), 'finops-pq-'));
    const file = path.join(dir, 'focus-grouped.parquet');
    writeFileSync(file, writeParquet(WasmTable.fromIPCStream(whole.intoIPCStream()), props));
    try {
      const groups: string[] = [];
      const r = await loadLocalFile(engine, file, { adapters, onProgress: (p) => p.stage.startsWith('Parquet') && groups.push(p.stage) });
      expect(groups).toEqual([1, 2, 3, 4, 5].map((g) => `Parquet row group ${g} of 5`));
      expect(r.rows).toBe(48);
      const csv = await loadLocalFile(engine, path.join(FIX, 'focus-1.2.csv'), { adapters, name: 'focus-twin.csv' });
      expect(r.totals).toEqual(csv.totals);
      expect(await linesOf('focus-grouped.parquet')).toEqual(await linesOf('focus-twin.csv'));
      const tagCount = `SELECT count(*) AS n FROM cost_tags JOIN cost_lines ON x_line_id = line_id WHERE source_file = ?`;
      expect(await engine.query(tagCount, ['focus-grouped.parquet'])).toEqual(await engine.query(tagCount, ['focus-twin.csv']));

      const before = await engine.query('SELECT count(*) AS n FROM cost_lines');
      const ctl = new AbortController();
      const run = loadLocalFile(engine, file, {
        adapters,
        name: 'cancelled.parquet',
        signal: ctl.signal,
        onProgress: (p) => p.stage.includes('row group 2') && ctl.abort(),
      });
      await expect(run).rejects.toThrow(/cancelled\.parquet: load cancelled/);
      expect(await engine.query('SELECT count(*) AS n FROM cost_lines')).toEqual(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops at a bad cell in a later row group, naming its row, and keeps nothing of the file', async () => {
    await initParquetNode();
    const n = 48;
    const col = (f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i));
    const table = arrow.tableFromArrays({
      BilledCost: col((i) => (i === 36 ? '12.5x' : `${i}.25`)),
      EffectiveCost: col((i) => `${i}.5`),
      BillingCurrency: col(() => 'USD'),
      ChargePeriodStart: col(() => '2025-01-01T00:00:00Z'),
      ChargePeriodEnd: col(() => '2025-01-02T00:00:00Z'),
      ChargeCategory: col(() => 'Usage'),
      ServiceName: col(() => 'Compute'),
      ProviderName: col(() => 'Acme'),
      ListCost: col((i) => `${i}.75`),
    });
    const props = new WriterPropertiesBuilder().setMaxRowGroupSize(10).build();
    const dir = mkdtempSync(path.join(tmpdir(), 'finops-pq-'));
    const file = path.join(dir, 'bad-cell.parquet');
    writeFileSync(file, writeParquet(WasmTable.fromIPCStream(arrow.tableToIPC(table, 'stream')), props));
    try {
      const before = await engine.query('SELECT (SELECT count(*) FROM cost_lines) AS l, (SELECT count(*) FROM cost_tags) AS t');
      await expect(loadLocalFile(engine, file, { adapters })).rejects.toThrow(
        /bad-cell\.parquet: row 37, column "BilledCost": expected a decimal number.*12\.5x/,
      );
      expect(await engine.query('SELECT (SELECT count(*) FROM cost_lines) AS l, (SELECT count(*) FROM cost_tags) AS t')).toEqual(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loads billing Parquet (ledgers) through the typed twins: same lines as the CSV twin, out-of-range twin named', async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const dir = mkdtempSync(path.join(tmpdir(), 'finops-pq-'));
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    const lago =
      `SELECT 'fee-' || i AS fee_lago_id, 'INV-' || (i // 3) AS invoice_number, 'api_calls' AS fee_item_code, 'charge' AS fee_item_type, ` +
      `'sub_' || (i % 4) AS subscription_external_id, CAST(i * 37 - 40 AS BIGINT) AS fee_amount_cents, CAST(i * 40 AS BIGINT) AS fee_total_amount_cents, ` +
      `CASE WHEN i % 5 = 0 THEN 'JPY' ELSE 'USD' END AS fee_amount_currency, CAST(i * 1.125 AS DECIMAL(12,3)) AS fee_units, ` +
      `CAST(i / 8.0 AS DECIMAL(18,6)) AS fee_precise_unit_amount, TIMESTAMP '2024-03-01 00:00:00' + INTERVAL (i) HOUR AS fee_from_date_utc, ` +
      `TIMESTAMPTZ '2024-03-31 23:59:59+00' AS fee_to_date_utc, DATE '2024-04-01' AS invoice_issuing_date FROM range(1, 30) t(i)`;
    const stripe = (gross: string) =>
      `SELECT 'txn_' || i AS balance_transaction_id, 'charge' AS reporting_category, CAST(${gross} AS DECIMAL(38,0)) AS gross, 'usd' AS currency, ` +
      `TIMESTAMP '2024-05-01 12:00:00' AS created FROM range(1, 4) t(i)`;
    const files = {
      lagoPq: path.join(dir, 'fees.parquet'),
      lagoCsv: path.join(dir, 'fees.csv'),
      stripePq: path.join(dir, 'balance.parquet'),
      bigPq: path.join(dir, 'balance-big.parquet'),
    };
    await c.run(`SET TimeZone = 'UTC'`);
    await c.run(`COPY (${lago}) TO '${files.lagoPq}' (FORMAT parquet)`);
    await c.run(`COPY (${lago}) TO '${files.lagoCsv}' (FORMAT csv, HEADER)`);
    await c.run(`COPY (${stripe('i * 1250')}) TO '${files.stripePq}' (FORMAT parquet)`);
    await c.run(`COPY (${stripe(`CASE WHEN i = 2 THEN '100000000000000000000' ELSE '5' END`)}) TO '${files.bigPq}' (FORMAT parquet)`);
    const cols = 'invoice_id, line_id, customer_id, sku, period_start, period_end, issued_at, quantity, unit_price, amount, currency, kind';
    const linesOf = (file: string) => engine.query(`SELECT ${cols} FROM invoice_lines WHERE source_file = '${file}' ORDER BY source_row`);
    try {
      const pq = await loadLocalFile(engine, files.lagoPq, { adapters });
      const csv = await loadLocalFile(engine, files.lagoCsv, { adapters });
      expect([pq.format, pq.rows]).toEqual(['lago-invoice-fees', 29]);
      expect(pq.totals).toEqual(csv.totals);
      const [pqLines, csvLines] = [await linesOf('fees.parquet'), await linesOf('fees.csv')];
      expect(pqLines).toEqual(csvLines);
      expect(pqLines[0]).toMatchObject({
        amount: '-0.030000000000000000',
        quantity: '1.125000000000000000',
        unit_price: '0.125000000000000000',
        period_start: '2024-03-01T01:00:00.000Z',
      });
      expect(pqLines[4]).toMatchObject({ amount: '145.000000000000000000', currency: 'JPY' });
      const stripe3 = await loadLocalFile(engine, files.stripePq, { adapters });
      expect([stripe3.format, stripe3.totals]).toEqual(['stripe-balance-change', { USD: { amount: '7500.00' } }]);
      // Only the twin path sees the DECIMAL(38,0) value itself: its range check names the cell.
      await expect(loadLocalFile(engine, files.bigPq, { adapters })).rejects.toThrow(
        /balance-big\.parquet: row 2, column "gross": expected an amount under 1e15 in magnitude \(sums of larger ones would overflow DECIMAL\(38,18\)\)/,
      );
    } finally {
      c.closeSync();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
