/**
 * Runs the shared engine contract cases against the worker build inside Chromium and publishes
 * the results on window.__contract for the Playwright test to read.
 */
import parquetWasm from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import { readParquet, WriterPropertiesBuilder, writeParquet } from 'parquet-wasm/esm';
import { createBrowserEngine } from '../../../src/engine/browser-engine';
import type { Engine } from '../../../src/engine/engine';
import { loadFile } from '../../../src/ingest/pipeline';
import { createAdapterRegistry } from '../../../src/ingest/registry';
import { initParquet, setOffThreadDecoding } from '../../../src/ingest/read-parquet';
import { browserParquetDecoding } from '../../../renderer/engine/parquet-decoder';
import { duckdbBundles } from '../../../renderer/engine/bundles';
import { contractCases } from '../../engine/contract';
import { analyzeFiles, type InputFile } from '../../run/analyze-files';
import { detectInWorker } from '../../../renderer/analysis/detect-anomalies';
import focusParquet from '../../fixtures/parquet/focus-1.2.parquet?url';
import focusCsv from '../../fixtures/parquet/focus-1.2.csv?url';

interface CaseResult {
  name: string;
  ok: boolean;
  error?: string;
}

function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'bigint' || typeof b === 'bigint') return typeof a === typeof b && a === b;
  return JSON.stringify(a) === JSON.stringify(b) && typeof a === typeof b;
}

function show(v: unknown): string {
  return typeof v === 'bigint' ? `${v}n` : JSON.stringify(v);
}

/**
 * The renderer's Parquet path end to end in the worker build: a FOCUS export rewritten with
 * 10-row groups (decoded by the renderer's decode worker while the engine worker maps the
 * previous group, inside the load's transaction) gives the same lines, totals and tags as its
 * CSV twin.
 */
async function parquetLoad(engine: Engine): Promise<void> {
  await initParquet(new URL(parquetWasm, document.baseURI));
  let offThread = false;
  setOffThreadDecoding((blob, groups) => {
    const decoding = browserParquetDecoding(blob, groups);
    offThread ||= decoding !== null;
    return decoding;
  });
  const bytes = async (url: string) => new Uint8Array(await (await fetch(url)).arrayBuffer());
  const grouped = writeParquet(readParquet(await bytes(focusParquet)), new WriterPropertiesBuilder().setMaxRowGroupSize(10).build());
  const stages: string[] = [];
  const pq = await loadFile(engine, {
    name: 'grouped.parquet',
    adapters: createAdapterRegistry(),
    source: { kind: 'blob', blob: new Blob([grouped as Uint8Array<ArrayBuffer>]) },
    onProgress: (p) => stages.push(p.stage),
  });
  const csv = await loadFile(engine, {
    name: 'twin.csv',
    adapters: createAdapterRegistry(),
    source: { kind: 'buffer', data: await bytes(focusCsv) },
  });
  const groups = stages.filter((s) => s.startsWith('Parquet row group')).length;
  if (groups !== 5) throw new Error(`expected 5 row groups, saw ${groups}`);
  if (!offThread) throw new Error('the row groups were not decoded by the decode worker');
  if (JSON.stringify(pq.totals) !== JSON.stringify(csv.totals))
    throw new Error(`totals differ: ${JSON.stringify(pq.totals)} vs ${JSON.stringify(csv.totals)}`);
  const lines = (f: string) =>
    engine.query(`SELECT * EXCLUDE (source_file, x_line_id, source_format) FROM cost_lines WHERE source_file = ? ORDER BY source_row`, [f]);
  if (JSON.stringify(await lines('grouped.parquet')) !== JSON.stringify(await lines('twin.csv'))) throw new Error('lines differ from the CSV twin');
  const tags = (f: string) =>
    engine.query(`SELECT source_row, key, value FROM cost_tags JOIN cost_lines ON line_id = x_line_id WHERE source_file = ? ORDER BY ALL`, [f]);
  const [a, b] = [await tags('grouped.parquet'), await tags('twin.csv')];
  if (a.length < 50 || JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`tags differ: ${a.length} vs ${b.length}`);
}

async function run(): Promise<CaseResult[]> {
  const engine = await createBrowserEngine(duckdbBundles());
  const results: CaseResult[] = [];
  for (const c of contractCases) {
    try {
      await c.run(engine, (actual, expected, what) => {
        if (!same(actual, expected)) throw new Error(`${what}: expected ${show(expected)}, got ${show(actual)}`);
      });
      results.push({ name: c.name, ok: true });
    } catch (e) {
      results.push({ name: c.name, ok: false, error: e instanceof Error ? e.message : String(e) });
    }
  }
  results.push({ name: `engine is ${engine.name}`, ok: engine.name === 'browser-worker' });
  try {
    await parquetLoad(engine);
    results.push({ name: 'Parquet (5 row groups) loads like its CSV twin', ok: true });
  } catch (e) {
    results.push({ name: 'Parquet (5 row groups) loads like its CSV twin', ok: false, error: e instanceof Error ? e.message : String(e) });
  }
  await engine.close();
  return results;
}

const w = window as unknown as { __contract?: CaseResult[] | { fatal: string } };
run().then(
  (r) => {
    w.__contract = r;
    document.getElementById('out')!.textContent = r.map((x) => `${x.ok ? 'ok' : 'FAIL'} ${x.name} ${x.error ?? ''}`).join('\n');
  },
  (e) => {
    w.__contract = { fatal: e instanceof Error ? e.message : String(e) };
  },
);

/** The app's analysis path in the worker build, for the CLI parity test: worker engine, anomaly statistics in the app's worker. */
(window as unknown as { __analyzeFiles: unknown }).__analyzeFiles = async (files: InputFile[], configName: string) => {
  const engine = await createBrowserEngine(duckdbBundles());
  try {
    return await analyzeFiles(engine, files, configName, { detector: detectInWorker });
  } finally {
    await engine.close();
  }
};
