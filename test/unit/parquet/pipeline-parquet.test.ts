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
  return engine.query(
    `SELECT * EXCLUDE (source_file, x_line_id, source_format) FROM cost_lines WHERE source_file = ? ORDER BY source_row`,
    [file],
  );
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
      engine.query(
        `SELECT source_row, key, value FROM cost_tags JOIN cost_lines ON x_line_id = line_id WHERE source_file = '${file}' ORDER BY ALL`,
      );
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
      const run = loadLocalFile(engine, file, { adapters, name: 'cancelled.parquet', signal: ctl.signal, onProgress: (p) => p.stage.includes('row group 2') && ctl.abort() });
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
      await expect(loadLocalFile(engine, file, { adapters })).rejects.toThrow(/bad-cell\.parquet: row 37, column "BilledCost": expected a decimal number.*12\.5x/);
      expect(await engine.query('SELECT (SELECT count(*) FROM cost_lines) AS l, (SELECT count(*) FROM cost_tags) AS t')).toEqual(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
