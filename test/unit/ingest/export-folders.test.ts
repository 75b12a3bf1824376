/**
 * Export folders as providers deliver them (test/fixtures/deliveries, real rows): only the latest
 * delivery of a billing period is loaded, the restated one replaces the earlier (no double
 * counting), files in no manifest are reported and not loaded.
 */
import { cpSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderSummary, planFolder } from '../../../src/ingest/export-folders';
import { loadFile, type LoadResult } from '../../../src/ingest/pipeline';
import { expandLocalPaths } from '../../../src/ingest/node-folders';
import { adapters, createNodeEngine, type Engine } from './helpers';

const DLV = path.resolve(import.meta.dirname, '../../fixtures/deliveries');
let engine: Engine;
let tmp: string;

beforeAll(async () => {
  engine = await createNodeEngine();
  tmp = mkdtempSync(path.join(tmpdir(), 'finops-folders-'));
});
afterAll(async () => {
  await engine?.close();
  rmSync(tmp, { recursive: true, force: true });
});

async function loadFolder(folder: string): Promise<{ results: LoadResult[]; lines: string[] }> {
  const { inputs, folders } = await expandLocalPaths([folder]);
  const results: LoadResult[] = [];
  for (const i of inputs) results.push(await loadFile(engine, { ...(await i.open()), adapters }));
  return { results, lines: folders.flatMap((f) => folderSummary(f.folder, f.plan)) };
}

const sumRows = (rs: LoadResult[]) => rs.reduce((n, r) => n + r.rows, 0);

/** Billed cost of the given files, summed exactly by the engine. */
async function billed(files: string[]): Promise<string> {
  const [r] = await engine.query<{ s: string }>(
    `SELECT CAST(sum(BilledCost) AS VARCHAR) AS s FROM cost_lines WHERE source_file IN (${files.map(() => '?').join(', ')})`,
    files,
  );
  return r.s;
}

describe('AWS legacy CUR folder with a restated period', () => {
  it('loads the assembly the period manifest names (all 1,281 rows once); the earlier one is superseded', async () => {
    const { results, lines } = await loadFolder(path.join(DLV, 'aws-cur'));
    expect(results.map((r) => r.file.split('/').pop())).toEqual(['hourly-cur-1.csv.gz', 'hourly-cur-2.csv.gz']);
    expect(results.every((r) => r.file.includes('e3d2c1b0-9a8f-4e7d-b6c5-f4e3d2c1b0a9'))).toBe(true);
    expect(sumRows(results)).toBe(1281);
    // The whole sample's exact total (inspect-cli.test.ts): nothing counted twice, nothing lost.
    expect(Number(await billed(results.map((r) => r.file)))).toBeCloseTo(1.6823086974, 10);
    expect(await billed(results.map((r) => r.file))).toMatch(/^1\.68230869740*$/);
    expect(lines).toEqual([
      expect.stringMatching(/aws-cur: AWS export hourly-cur 2023-11, delivery e3d2c1b0-9a8f-4e7d-b6c5-f4e3d2c1b0a9 \(.*, 2 files\): loaded$/),
      expect.stringMatching(
        /delivery 7c1f0a1e-2b3c-4d5e-8f90-a1b2c3d4e5f6 \(.*, 1 file\): superseded by e3d2c1b0-9a8f-4e7d-b6c5-f4e3d2c1b0a9, not loaded$/,
      ),
      expect.stringMatching(/1 data file in no manifest, not loaded: hourly-cur\/cost_and_usage_data_status\/cost_and_usage_data_status\.csv$/),
    ]);
  });
});

describe('AWS Data Exports (CUR 2.0) folder with two executions of one billing period', () => {
  it('takes the later execution by delivery time, whichever id sorts first', async () => {
    const dir = path.join(tmp, 'aws-data-exports');
    cpSync(path.join(DLV, 'aws-data-exports'), dir, { recursive: true });
    const meta = (id: string) => path.join(dir, 'cur2-daily/metadata/BILLING_PERIOD=2025-01', id, 'cur2-daily-Manifest.json');
    // Execution ...0001 delivered last (a re-run after ...0002): it is the current one.
    utimesSync(meta('a0b1c2d3-0000-4000-8000-000000000002'), new Date('2025-02-03T04:00:00Z'), new Date('2025-02-03T04:00:00Z'));
    utimesSync(meta('a0b1c2d3-0000-4000-8000-000000000001'), new Date('2025-02-09T04:00:00Z'), new Date('2025-02-09T04:00:00Z'));
    const { results, lines } = await loadFolder(dir);
    expect(results.map((r) => [r.format, r.rows])).toEqual([['aws-cur2', 30]]);
    expect(results[0].file).toContain('a0b1c2d3-0000-4000-8000-000000000001/cur2-daily-00001.csv.gz');
    expect(lines[0]).toMatch(/AWS export cur2-daily 2025-01, delivery a0b1c2d3-0000-4000-8000-000000000001 \(2025-02-09T04:00:00Z, 1 file\): loaded/);
    expect(lines[1]).toMatch(/delivery a0b1c2d3-0000-4000-8000-000000000002 .*superseded by a0b1c2d3-0000-4000-8000-000000000001/);
  });
});

describe('Azure FocusCost export folder with a restated run', () => {
  it('loads the later run by submittedTime (every September row once, two parts), not the first run', async () => {
    const { results, lines } = await loadFolder(path.join(DLV, 'azure-focus'));
    expect(results.map((r) => r.file.split('/').pop())).toEqual(['part_0_0001.csv.gz', 'part_1_0001.csv.gz']);
    expect(results.every((r) => r.format === 'focus-1.0' && r.file.includes('22c2d1ef-8b5c-4d2f-ae4b-6c7d8e9f0a12'))).toBe(true);
    expect(sumRows(results)).toBe(999);
    expect(lines).toEqual([
      expect.stringMatching(
        /Azure export focus-cost 2024-09, delivery 22c2d1ef-8b5c-4d2f-ae4b-6c7d8e9f0a12 \(2024-10-02T05:44:03Z, 2 files\): loaded$/,
      ),
      expect.stringMatching(/delivery 11b1c0fe-7a4b-4c1e-9d3a-5b6c7d8e9f01 \(2024-09-15T06:12:44Z, 1 file\): superseded by 22c2d1ef/),
    ]);
  });

  it('does not load a run whose manifest lists a part the folder lacks, and says which', () => {
    const manifest = JSON.stringify({
      runInfo: { runId: 'r2', submittedTime: '2024-10-02T00:00:00Z' },
      blobs: [{ blobName: 'x/p0.csv.gz' }, { blobName: 'x/p1.csv.gz' }],
    });
    const plan = planFolder(
      [
        { path: 'e/20240901-20240930/r2/manifest.json', lastModified: 0 },
        { path: 'e/20240901-20240930/r2/p0.csv.gz', lastModified: 0 },
      ],
      new Map([['e/20240901-20240930/r2/manifest.json', manifest]]),
    );
    expect(plan.load).toEqual([]);
    expect(folderSummary('f', plan)).toEqual([
      expect.stringMatching(/delivery r2 .*: incomplete, 1 listed file missing \(x\/p1\.csv\.gz\), not loaded$/),
    ]);
  });
});

describe('OCI cost reports (no manifest)', () => {
  it('loads every daily report as a part', async () => {
    const { results, lines } = await loadFolder(path.join(DLV, 'oci-reports'));
    expect(results.map((r) => [r.format, r.rows])).toEqual([
      ['oci', 250],
      ['oci', 256],
    ]);
    expect(lines).toEqual([expect.stringMatching(/oci-reports: no export manifest; 2 data files loaded as parts$/)]);
  });
});
