/**
 * The scale bench's generated FOCUS exports (scripts/bench/heldout-data.ts) through the real
 * importer, at 10k lines: the shape the 10M/100M runs are measured on (FOCUS 1.2 columns, USD,
 * customer/sku tags on 19 lines in 20, the cost formula) must keep loading as that, so a drift in
 * the generator fails here and not an hour into a bench.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNativeEngine } from '../../../src/engine/node-native-engine';
import { loadLocalFile } from '../../../src/ingest/node-files';
import { focusExport } from '../../../scripts/bench/heldout-data';
import { adapters, type Engine } from './helpers';

const ROWS = 10_000;
let dir: string;
let files: Record<'parquet' | 'csv.gz', string>;
let engine: Engine;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'finops-scale-export-'));
  files = { parquet: await focusExport(dir, ROWS, 'parquet'), 'csv.gz': await focusExport(dir, ROWS, 'csv.gz') };
  engine = await createNativeEngine({ readablePaths: Object.values(files), threads: 1 });
});
afterAll(async () => {
  await engine?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Line k costs (k * 7919) mod 100003 ten-millionths of a dollar: the sum, as the importer totals it. */
function expectedBilled(rows: number): string {
  let units = 0n;
  for (let k = 0n; k < BigInt(rows); k++) units += (k * 7919n) % 100003n;
  const s = units.toString().padStart(8, '0');
  return `${s.slice(0, -7)}.${s.slice(-7).replace(/0+$/, '').padEnd(2, '0')}`;
}

describe('generated FOCUS exports for the scale bench', () => {
  for (const format of ['parquet', 'csv.gz'] as const) {
    it(`${format}: loads as FOCUS 1.2 with every line, the cost formula's total, one currency and its tags`, async () => {
      const r = await loadLocalFile(engine, files[format], { adapters });
      expect(r.format).toBe('focus-1.2');
      expect(r.rows).toBe(ROWS);
      expect(r.currencies).toEqual(['USD']);
      expect(r.totals.USD.billed_cost).toBe(expectedBilled(ROWS));
      expect(r.dateRange).toEqual({ start: '2024-03-01T00:00:00.000Z', end: '2024-04-01T00:00:00.000Z' });
      const [t] = await engine.query(
        `SELECT count(DISTINCT line_id) AS tagged, count(DISTINCT value) FILTER (WHERE key = 'customer') AS customers,
           list(DISTINCT value ORDER BY value) FILTER (WHERE key = 'sku') AS skus, count(*) FILTER (WHERE key NOT IN ('customer', 'sku')) AS other
         FROM cost_tags WHERE line_id BETWEEN ? AND ?`,
        [r.lineIds!.first, r.lineIds!.last],
      );
      // Line k is untagged when k % 20 = 0, so customers c0000, c0020, … never appear in tags: 950 do.
      expect(t).toEqual({ tagged: (ROWS * 19) / 20, customers: 950, skus: ['api_calls', 'compute_hours', 'storage_gb'], other: 0 });
    });
  }

  it('gives the same cost lines and tags from Parquet (tags as a map) as from gzip CSV (tags as JSON)', async () => {
    const lines = (file: string) =>
      engine.query(
        `SELECT * EXCLUDE (source_file, x_line_id, "Tags"), (SELECT list((key, value) ORDER BY key) FROM cost_tags WHERE line_id = x_line_id) AS tags
         FROM cost_lines WHERE source_file = ? ORDER BY source_row LIMIT 50 OFFSET 1000`,
        [path.basename(file)],
      );
    const parquet = await lines(files.parquet);
    expect(parquet).toHaveLength(50);
    expect(parquet).toEqual(await lines(files['csv.gz']));
  });
});
