/** Compressed files through loadFile: gzip CSV and JSON lines, zip archives by member, Parquet with each codec. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Compression, ParquetFile, Table as WasmTable, WriterPropertiesBuilder, writeParquet } from 'parquet-wasm/esm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFile } from '../../../src/ingest/pipeline';
import { loadLocalFile } from '../../../src/ingest/node-files';
import { expandLocalPaths } from '../../../src/ingest/node-folders';
import { initParquetNode } from '../../../src/ingest/node-parquet';
import { adapters, createNodeEngine, errorOf, type Engine } from './helpers';

const FIX = path.resolve(import.meta.dirname, '../../fixtures');
const DLV = path.join(FIX, 'deliveries');
let engine: Engine;

beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => engine?.close());

const linesOf = (file: string) =>
  engine.query(`SELECT * EXCLUDE (source_file, x_line_id) FROM cost_lines WHERE source_file = ? ORDER BY source_row`, [file]);

describe('gzip', () => {
  it('loads a .csv.gz by path with the same rows and totals as the plain CSV', async () => {
    const gz = await loadLocalFile(engine, path.join(DLV, 'gzip/focus_sample.csv.gz'), { adapters });
    const plain = await loadLocalFile(engine, path.resolve(FIX, '../../samples/real/focus-sample/focus_sample.csv'), { adapters });
    expect(gz.format).toBe('focus-1.0');
    expect(gz.rows).toBe(1000);
    expect(gz.totals).toEqual(plain.totals);
    expect(await linesOf('focus_sample.csv.gz')).toEqual(await linesOf('focus_sample.csv'));
  });

  it('loads a .csv.gz from a Blob (as the app reads a picked file) the same way', async () => {
    const blob = new Blob([readFileSync(path.join(DLV, 'gzip/focus_sample.csv.gz'))]);
    const r = await loadFile(engine, { name: 'picked.csv.gz', source: { kind: 'blob', blob }, adapters });
    expect(r.rows).toBe(1000);
    expect(r.totals.USD.billed_cost).toBe('20.52022672899');
  });

  it('refuses a cut gzip file with one line naming it, and loads nothing', async () => {
    const before = await engine.query('SELECT count(*) AS n FROM cost_lines');
    const msg = await errorOf(loadLocalFile(engine, path.join(DLV, 'gzip/focus_sample-cut.csv.gz'), { adapters, name: 'cut.csv.gz' }));
    expect(msg).toMatch(/^cut\.csv\.gz: corrupt or truncated gzip data \(.+\): expected a complete gzip file/);
    expect(msg).not.toContain('\n');
    expect(await engine.query('SELECT count(*) AS n FROM cost_lines')).toEqual(before);
  });

  it('loads gzip JSON lines like the plain file', async () => {
    const gz = await loadLocalFile(engine, path.join(DLV, 'gzip/gcp-billing.jsonl.gz'), { adapters });
    const plain = await loadLocalFile(engine, path.join(FIX, 'awkward/gcp-billing.jsonl'), { adapters });
    expect(gz.format).toBe(plain.format);
    expect(gz.rows).toBe(plain.rows);
    expect(gz.totals).toEqual(plain.totals);
  });

  it('reads a gzip CSV with mixed CRLF/LF record ends (decoded again for the normalised copy)', async () => {
    const { gzipSync } = await import('node:zlib');
    const text = 'BilledCost,EffectiveCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ServiceName,ProviderName,Tags\r\n';
    const row = (c: string) => `${c},${c},USD,2024-09-01 00:00:00,2024-09-02 00:00:00,Usage,Compute,Acme,NULL`;
    const data = gzipSync(text + row('1.25') + '\r\n' + row('2.50') + '\n' + row('0.25') + '\r\n');
    const r = await loadFile(engine, { name: 'mixed.csv.gz', source: { kind: 'buffer', data }, adapters });
    expect(r.rows).toBe(3);
    expect(r.totals.USD.billed_cost).toBe('4.00');
  });
});

describe('zip archives', () => {
  it('gives one input per data member (resource forks left out), each loading as its own file', async () => {
    const { inputs } = await expandLocalPaths([path.join(DLV, 'zip/exports.zip')]);
    expect(inputs.map((i) => i.name.split('exports.zip/')[1]).sort()).toEqual(['aws/aws-cur-legacy-sample.csv.gz', 'oci/oci-cost-sample.csv']);
    const results = [];
    for (const i of inputs) results.push(await loadFile(engine, { ...(await i.open()), adapters }));
    const byFormat = Object.fromEntries(results.map((r) => [r.format, { rows: r.rows, usd: r.totals.USD.billed_cost }]));
    expect(byFormat).toEqual({ oci: { rows: 506, usd: '2.523589325400648027' }, 'aws-cur': { rows: 1281, usd: '1.6823086974' } });
    expect(results.every((r) => r.file.includes('exports.zip/'))).toBe(true);
  });

  it('refuses a cut archive and a corrupt member with one line naming the file (and member)', async () => {
    const cut = await expandLocalPaths([path.join(DLV, 'zip/exports-cut.zip')]);
    const cutMsg = await errorOf(cut.inputs[0].open());
    expect(cutMsg).toMatch(/exports-cut\.zip: not a complete zip archive \(no central directory at the end: truncated\?\)/);
    const bad = await expandLocalPaths([path.join(DLV, 'zip/exports-corrupt.zip')]);
    const messages = await Promise.all(
      bad.inputs.map((i) =>
        i.open().then(
          () => 'ok',
          (e: Error) => e.message,
        ),
      ),
    );
    expect(messages.filter((m) => m !== 'ok')).toEqual([
      expect.stringMatching(/exports-corrupt\.zip: member oci\/oci-cost-sample\.csv: .*(corrupt|checksum)/),
    ]);
    expect(messages.every((m) => !m.includes('\n'))).toBe(true);
  });

  it('refuses a zip handed to loadFile directly, saying to open the archive', async () => {
    const data = new Uint8Array(readFileSync(path.join(DLV, 'zip/exports.zip')));
    expect(await errorOf(loadFile(engine, { name: 'x.zip', source: { kind: 'buffer', data }, adapters }))).toMatch(
      /^x\.zip: expected a data file, got a zip archive/,
    );
  });
});

describe('Parquet page codecs', () => {
  const codecs = {
    UNCOMPRESSED: Compression.UNCOMPRESSED,
    SNAPPY: Compression.SNAPPY,
    GZIP: Compression.GZIP,
    ZSTD: Compression.ZSTD,
    BROTLI: Compression.BROTLI,
    LZ4_RAW: Compression.LZ4_RAW,
  };
  it.each(Object.entries(codecs))('reads %s pages exactly like the CSV twin', async (name, codec) => {
    await initParquetNode();
    const whole = await (await ParquetFile.fromFile(new Blob([readFileSync(path.join(FIX, 'parquet/focus-1.2.parquet'))]))).read();
    const data = writeParquet(WasmTable.fromIPCStream(whole.intoIPCStream()), new WriterPropertiesBuilder().setCompression(codec).build());
    const r = await loadFile(engine, { name: `focus-${name}.parquet`, source: { kind: 'buffer', data }, adapters });
    const csv = await loadLocalFile(engine, path.join(FIX, 'parquet/focus-1.2.csv'), { adapters, name: `twin-${name}.csv` });
    expect(r.rows).toBe(48);
    expect(r.totals).toEqual(csv.totals);
  });
});
