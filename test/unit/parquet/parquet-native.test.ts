/**
 * Parquet on the native engine (DuckDB's read_parquet) loads the same canonical rows, tags and
 * totals as on the wasm engine (parquet-wasm decoding), and refuses a broken file the same way.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine';
import { createNodeEngine } from '../../../src/engine/node-engine';
import { createNativeEngine } from '../../../src/engine/node-native-engine';
import { loadLocalFile } from '../../../src/ingest/node-files';
import { arrowTypeOf } from '../../../src/ingest/read-parquet-native';
import { createAdapterRegistry } from '../../../src/ingest/registry';

const adapters = createAdapterRegistry();
const FIX = path.resolve(import.meta.dirname, '../../fixtures/parquet');
let wasm: Engine;
let native: Engine;

beforeAll(async () => {
  [wasm, native] = await Promise.all([createNodeEngine(), createNativeEngine({ memoryLimit: '512MB', threads: 2 })]);
});
afterAll(async () => Promise.all([wasm?.close(), native?.close()]));

async function loaded(engine: Engine, file: string) {
  const r = await loadLocalFile(engine, path.join(FIX, file), { adapters });
  const lines = await engine.query(`SELECT * EXCLUDE (x_line_id) FROM cost_lines WHERE source_file = ? ORDER BY source_row`, [file]);
  const tags = await engine.query(
    `SELECT source_row, key, value FROM cost_tags JOIN cost_lines ON x_line_id = line_id WHERE source_file = ? ORDER BY ALL`,
    [file],
  );
  return { format: r.format, rows: r.rows, totals: r.totals, dateRange: r.dateRange, lines, tags };
}

describe('Parquet on the native engine', () => {
  it.each(['focus-1.2.parquet', 'cur2.parquet'])('%s loads as on the wasm engine', async (file) => {
    const [w, n] = [await loaded(wasm, file), await loaded(native, file)];
    expect(n.rows).toBeGreaterThan(0);
    expect(n).toEqual(w);
  });

  it('refuses a file that is not Parquet past its magic bytes as the wasm engine does', async () => {
    const bad = path.join(mkdtempSync(path.join(tmpdir(), 'finops-pq-')), 'broken.parquet');
    writeFileSync(bad, 'PAR1 this is not a parquet file');
    const err = (e: Engine) =>
      loadLocalFile(e, bad, { adapters }).then(
        () => 'loaded',
        (x: Error) => x.message,
      );
    expect(await err(native)).toMatch(/^broken\.parquet: not a readable Parquet file \(/);
    expect((await err(wasm)).split(' (')[0]).toBe((await err(native)).split(' (')[0]);
  });

  it('reads DuckDB type strings as the Arrow types of the same shape', () => {
    expect(arrowTypeOf('MAP(VARCHAR, VARCHAR)').toString()).toBe('Map<{key:Utf8, value:Utf8}>');
    expect(arrowTypeOf('STRUCT("a b" DECIMAL(38,18), c VARCHAR[])').toString()).toBe('Struct<{a b:Decimal[38e+18], c:List<Utf8>}>');
    expect(arrowTypeOf('BIGINT[3]').toString()).toMatch(/FixedSizeList\[3\]<Int64>/);
    expect(arrowTypeOf('TIMESTAMP WITH TIME ZONE').toString()).toBe('Binary');
  });
});
