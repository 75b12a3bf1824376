/**
 * Import benchmark: a deterministic 1,000,000-row FOCUS 1.2 export as CSV and as Parquet (made
 * once with native DuckDB into bench-data/, reused afterwards), imported through the project's
 * pipeline (loadFile on the DuckDB-wasm engine: detect, map, cost_lines + cost_tags) and through
 * native DuckDB (@duckdb/node-api, the reference) in the same run.
 * Targets: project CSV import within 3x of native; Parquet import no slower than CSV.
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { createNodeEngine } from '../../src/engine/node-engine';
import { loadLocalFile } from '../../src/ingest/node-files';
import { createAdapterRegistry } from '../../src/ingest/registry';
import { focusSql } from '../gen-parquet-fixtures';

/** BENCH_ROWS overrides the size (e.g. for a quick look); the benchmark of record is 1,000,000. */
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
/**
 * Rounds of the four imports (interleaved); each figure is the fastest round's. The machine is
 * shared, and native DuckDB's two threads suffer most when the other core is busy: the best of
 * a few rounds is the steadiest figure for both sides.
 */
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 2));
const DIR = path.resolve(import.meta.dirname, '../../bench-data');
const CSV = path.join(DIR, `focus-1.2-${ROWS}.csv`);
const PARQUET = path.join(DIR, `focus-1.2-${ROWS}.parquet`);
/** The same CSV gzip-compressed, as AWS, Azure and OCI deliver it. */
const CSV_GZ = `${CSV}.gz`;

async function generate(): Promise<void> {
  if (existsSync(CSV) && existsSync(PARQUET)) {
    if (!existsSync(CSV_GZ)) {
      await pipeline(createReadStream(CSV), createGzip(), createWriteStream(`${CSV_GZ}.tmp`));
      renameSync(`${CSV_GZ}.tmp`, CSV_GZ);
    }
    return;
  }
  mkdirSync(DIR, { recursive: true });
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  await c.run(`CREATE TABLE t AS ${focusSql(ROWS)}`);
  const cols = (await c.runAndReadAll('SELECT column_name FROM (DESCRIBE t)')).getRows().map((r) => String(r[0]));
  const csvSelect = cols.map((n) => (n === 'Tags' ? `CAST(to_json("Tags") AS VARCHAR) AS "Tags"` : `"${n}"`)).join(', ');
  // Write to temporary names first so an interrupted run never leaves a half file to reuse.
  await c.run(`COPY (SELECT ${csvSelect} FROM t) TO '${CSV}.tmp' (FORMAT csv, HEADER)`);
  await c.run(`COPY t TO '${PARQUET}.tmp' (FORMAT parquet, COMPRESSION zstd)`);
  renameSync(`${CSV}.tmp`, CSV);
  renameSync(`${PARQUET}.tmp`, PARQUET);
  await generate();
}

interface Timing {
  seconds: number;
  /** Process CPU seconds (all threads): the fairer figure when the machine is shared. */
  cpu: number;
}

async function timeIt<T>(fn: () => Promise<T>): Promise<Timing & { value: T }> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const value = await fn();
  const c = process.cpuUsage(c0);
  return { seconds: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6, value };
}

/** Project import: a fresh engine per file (engine start-up is not import time). */
interface Result extends Timing {
  rows: number;
  usd?: string;
  stages?: string;
  error?: string;
}

async function project(file: string): Promise<Result> {
  const engine = await createNodeEngine();
  const stages: string[] = [];
  let last = performance.now();
  let stage = 'open';
  const lap = (next: string) => {
    const now = performance.now();
    if (!stage.startsWith('Parquet row group')) stages.push(`${stage} ${((now - last) / 1000).toFixed(1)}`);
    last = now;
    stage = next;
  };
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  try {
    const { seconds, cpu, value } = await timeIt(() =>
      loadLocalFile(engine, file, { adapters: createAdapterRegistry(), onProgress: (p) => lap(p.stage) }),
    );
    lap('');
    return { seconds, cpu, rows: value.rows, usd: value.totals.USD?.billed_cost ?? '-', stages: stages.join(', ') };
  } catch (e) {
    lap('');
    const c = process.cpuUsage(c0);
    const error = e instanceof Error ? e.message : String(e);
    return { seconds: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6, rows: 0, error, stages: stages.join(', ') };
  } finally {
    await engine.close();
  }
}

/** Native DuckDB: the same file into a table (CSV sniffed, Parquet typed by the file); all threads unless told. */
async function native(file: string, threads?: number): Promise<Result> {
  const db = await DuckDBInstance.create(':memory:', threads ? { threads: String(threads) } : {});
  const c = await db.connect();
  const reader = file.endsWith('.csv') ? 'read_csv' : 'read_parquet';
  const { seconds, cpu } = await timeIt(() => c.run(`CREATE TABLE cost AS SELECT * FROM ${reader}('${file}')`));
  const rows = Number((await c.runAndReadAll('SELECT count(*) FROM cost')).getRows()[0][0]);
  c.closeSync();
  db.closeSync();
  return { seconds, cpu, rows };
}

const rate = (rows: number, s: number) => `${Math.round(rows / s).toLocaleString('en-US')} rows/s`;

export async function run(): Promise<string[]> {
  const { seconds: genSeconds } = await timeIt(generate);
  const mb = (f: string) => (statSync(f).size / 1e6).toFixed(0);
  const out = [
    `import: ${ROWS.toLocaleString('en-US')}-row FOCUS 1.2 export, CSV ${mb(CSV)} MB, Parquet ${mb(PARQUET)} MB (${genSeconds > 1 ? `generated in ${genSeconds.toFixed(1)} s` : 'reused'} in bench-data/)`,
  ];
  const probe = await (await DuckDBInstance.create(':memory:')).connect();
  const threads = (await probe.runAndReadAll("SELECT current_setting('threads')")).getRows()[0][0];
  const best = (a: Result | undefined, b: Result) => (!a || (!b.error && (a.error || b.seconds < a.seconds)) ? b : a);
  let nCsv: Result | undefined, nPq: Result | undefined, pCsv: Result | undefined, pPq: Result | undefined, pGz: Result | undefined;
  const s = (r: Result) => (r.error ? 'failed' : `${r.seconds.toFixed(2)} s`);
  for (let round = 1; round <= RUNS; round++) {
    const r = [await native(CSV), await native(PARQUET), await project(CSV), await project(PARQUET), await project(CSV_GZ)];
    [nCsv, nPq, pCsv, pPq, pGz] = [best(nCsv, r[0]), best(nPq, r[1]), best(pCsv, r[2]), best(pPq, r[3]), best(pGz, r[4])];
    // Round 1 of the project pays V8's tier-up of the engine's wasm; later rounds run warm, as every load after the app's first does.
    out.push(`  round ${round}: native CSV ${s(r[0])}, Parquet ${s(r[1])}; project CSV ${s(r[2])}, Parquet ${s(r[3])}, CSV.gz ${s(r[4])}`);
  }
  if (!nCsv || !nPq || !pCsv || !pPq || !pGz) throw new Error('no bench round ran');
  // DuckDB-wasm runs on one thread: the same read by native DuckDB on one thread shows how much
  // of the gap is parallelism.
  let n1: Result | undefined;
  for (let round = 1; round <= RUNS; round++) n1 = best(n1, await native(CSV, 1));
  out.push(`  best of ${RUNS} round${RUNS > 1 ? 's' : ''} (BENCH_RUNS):`);
  const line = (who: string, what: string, r: Result, note = '') =>
    r.error
      ? `  ${who.padEnd(14)} ${what.padEnd(8)} FAILED after ${r.seconds.toFixed(1)} s: ${r.error}`
      : `  ${who.padEnd(14)} ${what.padEnd(8)} ${r.seconds.toFixed(2).padStart(7)} s wall ${r.cpu.toFixed(2).padStart(7)} s cpu  ${rate(r.rows, r.seconds)}${note}`;
  out.push(
    line(`native (${threads} thr)`, 'CSV', nCsv),
    line(`native (${threads} thr)`, 'Parquet', nPq),
    line('project', 'CSV', pCsv, `  (loadFile -> cost_lines + cost_tags, USD billed ${pCsv.usd})`),
    `                 stages (s wall): ${pCsv.stages}`,
    line('project', 'Parquet', pPq, `  (USD billed ${pPq.usd})`),
    `                 stages (s wall): ${pPq.stages}`,
    line('project', 'CSV.gz', pGz, `  (USD billed ${pGz.usd})`),
    `                 stages (s wall): ${pGz.stages}`,
  );
  if (!pCsv.error && !pPq.error && (pCsv.rows !== ROWS || pPq.rows !== ROWS || pCsv.usd !== pPq.usd)) {
    out.push(`  MISMATCH: CSV ${pCsv.rows} rows USD ${pCsv.usd}, Parquet ${pPq.rows} rows USD ${pPq.usd}`);
  }
  const verdict = (x: number, limit: number) => (x <= limit ? 'met' : 'MISSED');
  if (!pCsv.error) {
    const wall = pCsv.seconds / nCsv.seconds;
    const cpu = pCsv.cpu / nCsv.cpu;
    out.push(`  ratio project/native CSV: ${wall.toFixed(2)}x wall, ${cpu.toFixed(2)}x cpu (target <= 3x: ${verdict(wall, 3)})`);
    if (n1 && !n1.error)
      out.push(`  native (1 thr) CSV ${n1.seconds.toFixed(2)} s wall: project/native on one thread ${(pCsv.seconds / n1.seconds).toFixed(2)}x`);
  }
  if (!pCsv.error && !pPq.error) {
    const wall = pPq.seconds / pCsv.seconds;
    out.push(`  ratio project Parquet/CSV: ${wall.toFixed(2)} wall, ${(pPq.cpu / pCsv.cpu).toFixed(2)} cpu (target <= 1: ${verdict(wall, 1)})`);
  }
  if (!pCsv.error && !pGz.error) {
    const wall = pGz.seconds / pCsv.seconds;
    out.push(`  ratio project CSV.gz/CSV: ${wall.toFixed(2)} wall, ${(pGz.cpu / pCsv.cpu).toFixed(2)} cpu (target <= 1.3: ${verdict(wall, 1.3)})`);
    if (pGz.rows !== pCsv.rows || pGz.usd !== pCsv.usd) out.push(`  MISMATCH: CSV.gz ${pGz.rows} rows USD ${pGz.usd}`);
  }
  return out;
}
