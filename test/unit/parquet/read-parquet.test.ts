import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Compression, Table as WasmTable, WriterPropertiesBuilder, writeParquet } from 'parquet-wasm/esm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../../src/engine/node-engine';
import { registeredFileName, type Engine, type LoadProgress } from '../../../src/engine/engine';
import { UserError } from '../../../src/model/errors';
import { ident, literal } from '../../../src/engine/sql';
import { initParquetNode, openParquetFile } from '../../../src/ingest/node-parquet';
import { isParquet, ParquetReader } from '../../../src/ingest/read-parquet';
import { typedTwin } from '../../../src/ingest/raw';

const FIX = path.resolve(import.meta.dirname, '../../fixtures/parquet');
let engine: Engine;
let seq = 0;

beforeAll(async () => {
  engine = await createNodeEngine();
  await initParquetNode();
});
afterAll(async () => engine?.close());

/** The CSV twin as a raw relation: every column VARCHAR, `__row` in file order. */
async function csvRaw(name: string): Promise<string> {
  const reg = registeredFileName(`twin_${name}.csv`);
  await engine.registerFile(reg, { kind: 'buffer', data: readFileSync(path.join(FIX, `${name}.csv`)) });
  const t = `csv_${name.replace(/\W/g, '_')}_${++seq}`;
  await engine.exec(
    `CREATE TABLE ${t} AS SELECT *, CAST(row_number() OVER () AS BIGINT) AS "__row" FROM read_csv(${literal(reg)}, header = true, all_varchar = true)`,
  );
  return t;
}

async function stageFile(file: string, progress?: LoadProgress[], signal?: AbortSignal): Promise<{ rel: string; reader: ParquetReader }> {
  const reader = await openParquetFile(file);
  const raw = await reader.stage(engine, `pq_stage_${++seq}`, { onProgress: (p) => progress?.push(p), signal });
  return { rel: textColumns(raw.relation), reader };
}

/** The raw relation without its typed twins: what a CSV export of the same data reads as. */
function textColumns(relation: string): string {
  return `(SELECT COLUMNS(c -> NOT starts_with(c, '__typed ')) FROM ${relation})`;
}

async function sameRows(a: string, b: string): Promise<[number, number]> {
  const [x] = await engine.query<{ n: number }>(`SELECT count(*) AS n FROM (SELECT * FROM ${a} EXCEPT ALL SELECT * FROM ${b})`);
  const [y] = await engine.query<{ n: number }>(`SELECT count(*) AS n FROM (SELECT * FROM ${b} EXCEPT ALL SELECT * FROM ${a})`);
  return [x.n, y.n];
}

async function totals(rel: string, money: string, currency: string): Promise<Record<string, string>> {
  const rows = await engine.query<{ c: string; s: string }>(
    `SELECT ${currency} AS c, CAST(SUM(CAST(${money} AS DECIMAL(38,18))) AS VARCHAR) AS s FROM ${rel} GROUP BY 1 ORDER BY 1`,
  );
  return Object.fromEntries(rows.map((r) => [r.c, r.s]));
}

describe('Parquet raw reader', () => {
  it('reads FOCUS 1.2 Parquet into the same raw relation as its CSV twin (decimals exact, map -> JSON)', async () => {
    const { rel, reader } = await stageFile(path.join(FIX, 'focus-1.2.parquet'));
    expect(reader.rows).toBe(48);
    expect(reader.headers).toContain('BilledCost');
    const twin = await csvRaw('focus-1.2');
    expect(await sameRows(rel, twin)).toEqual([0, 0]);
    const [tagged] = await engine.query<{ Tags: string; BilledCost: string }>(`SELECT Tags, BilledCost FROM ${rel} WHERE "__row" = 2`);
    expect(tagged.Tags).toBe('{"customer":"cust-1","sku":"sku-1","note":"say \\"hi\\", a\\\\b"}');
    expect(tagged.BilledCost).toBe('0.000977654312091');
    const t = await totals(rel, 'BilledCost', 'BillingCurrency');
    expect(t).toEqual(await totals(twin, 'BilledCost', 'BillingCurrency'));
    expect(Object.keys(t)).toEqual(['EUR', 'USD']);
  });

  it('exposes exact numbers and timestamps as typed twins holding the same values as their text', async () => {
    const reader = await openParquetFile(path.join(FIX, 'focus-1.2.parquet'));
    const raw = await reader.stage(engine, `pq_twins_${++seq}`);
    expect(raw.typed?.BilledCost).toMatch(/^DECIMAL\(\d+,15\)$/);
    expect(raw.typed?.ChargePeriodStart).toBe('TIMESTAMP');
    expect(raw.typed?.ServiceName).toBeUndefined();
    const [r] = await engine.query<{ differ: number; n: number }>(
      `SELECT count(*) FILTER (WHERE CAST("BilledCost" AS DECIMAL(38,18)) IS DISTINCT FROM CAST(${ident(typedTwin('BilledCost'))} AS DECIMAL(38,18)) ` +
        `OR CAST("ChargePeriodStart" AS TIMESTAMP) IS DISTINCT FROM ${ident(typedTwin('ChargePeriodStart'))}) AS differ, count(*) AS n FROM ${raw.relation}`,
    );
    expect(r).toEqual({ differ: 0, n: 48 });
  });

  it('reads CUR 2.0 Parquet with product/resource_tags maps like its CSV twin', async () => {
    const { rel } = await stageFile(path.join(FIX, 'cur2.parquet'));
    const twin = await csvRaw('cur2');
    expect(await sameRows(rel, twin)).toEqual([0, 0]);
    const [r] = await engine.query<{ product: string; resource_tags: string | null }>(`SELECT product, resource_tags FROM ${rel} WHERE "__row" = 6`);
    expect(r.resource_tags).toBeNull();
    expect(r.product).toContain('"servicecode":"AmazonS3"');
    expect(await totals(rel, 'line_item_unblended_cost', 'line_item_currency_code')).toEqual(
      await totals(twin, 'line_item_unblended_cost', 'line_item_currency_code'),
    );
  });

  it('stages row group by row group with progress, continuous __row and cancellation', async () => {
    // Rewrite the fixture with 10-row groups (5 groups for 48 rows).
    const bytes = readFileSync(path.join(FIX, 'cur2.parquet'));
    const { ParquetFile } = await import('parquet-wasm/esm');
    const whole = await (await ParquetFile.fromFile(new Blob([bytes]))).read();
    const props = new WriterPropertiesBuilder().setMaxRowGroupSize(10).setCompression(Compression.SNAPPY).build();
    const grouped = writeParquet(WasmTable.fromIPCStream(whole.intoIPCStream()), props);
    expect(isParquet(grouped)).toBe(true);

    const reader = await ParquetReader.open(new Blob([grouped as Uint8Array<ArrayBuffer>]), 'grouped.parquet');
    expect(reader.rowGroupRows).toEqual([10, 10, 10, 10, 8]);
    const progress: LoadProgress[] = [];
    const rel = textColumns((await reader.stage(engine, `pq_grouped_${++seq}`, { onProgress: (p) => progress.push(p) })).relation);
    expect(progress.map((p) => p.rows)).toEqual([10, 20, 30, 40, 48]);
    const [rows] = await engine.query<{ n: number; lo: number; hi: number; d: number }>(
      `SELECT count(*) AS n, min("__row") AS lo, max("__row") AS hi, count(DISTINCT "__row") AS d FROM ${rel}`,
    );
    expect(rows).toEqual({ n: 48, lo: 1, hi: 48, d: 48 });
    const original = (await stageFile(path.join(FIX, 'cur2.parquet'))).rel;
    expect(await sameRows(rel, original)).toEqual([0, 0]);

    const ctl = new AbortController();
    const again = await ParquetReader.open(new Blob([grouped as Uint8Array<ArrayBuffer>]), 'grouped.parquet');
    const seen: LoadProgress[] = [];
    const run = again.stage(engine, `pq_cancel_${++seq}`, {
      signal: ctl.signal,
      onProgress: (p) => {
        seen.push(p);
        ctl.abort();
      },
    });
    await expect(run).rejects.toThrow(/grouped\.parquet: load cancelled/);
    expect(seen).toHaveLength(1);
  });

  it('turns nested columns (lists of structs, structs, maps with nulls) into JSON text', async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const dir = mkdtempSync(path.join(tmpdir(), 'finops-pq-'));
    const file = path.join(dir, 'nested.parquet');
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    await c.run(
      `COPY (SELECT [{'key': 'env', 'value': 'prod'}, {'key': 'te"am', 'value': NULL}] AS labels,
                    {'name': 'SUD', 'amount': CAST(-1.25 AS DECIMAL(10,2)), 'ok': true} AS credit,
                    MAP {'a': 1, 'b': NULL} AS counts, [1.5, NULL]::DOUBLE[] AS xs, CAST([] AS VARCHAR[]) AS empty
       UNION ALL SELECT NULL, NULL, NULL, NULL, NULL) TO '${file}' (FORMAT parquet)`,
    );
    const { rel } = await stageFile(file);
    const rows = await engine.query(`SELECT * EXCLUDE ("__row") FROM ${rel} ORDER BY "__row"`);
    expect(rows[0]).toEqual({
      labels: '[{"key":"env","value":"prod"},{"key":"te\\"am","value":null}]',
      credit: '{"name":"SUD","amount":-1.25,"ok":true}',
      counts: '{"a":1,"b":null}',
      xs: '[1.5,null]',
      empty: '[]',
    });
    for (const v of Object.values(rows[0])) expect(() => JSON.parse(v as string)).not.toThrow();
    expect(rows[1]).toEqual({ labels: null, credit: null, counts: null, xs: null, empty: null });
    rmSync(dir, { recursive: true, force: true });
  });

  it('rejects a file that is not Parquet, or is truncated, with a UserError naming the file', async () => {
    const csv = new Blob([readFileSync(path.join(FIX, 'cur2.csv'))]);
    await expect(ParquetReader.open(csv, 'not-parquet.parquet')).rejects.toThrow(/not-parquet\.parquet: not a readable Parquet file/);
    const bytes = readFileSync(path.join(FIX, 'focus-1.2.parquet'));
    const cut = new Blob([bytes.subarray(0, Math.floor(bytes.length / 2))]);
    const err = await ParquetReader.open(cut, 'cut.parquet').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).details.file).toBe('cut.parquet');
    expect((err as Error).message).toMatch(/^cut\.parquet: not a readable Parquet file/);
  });
});
