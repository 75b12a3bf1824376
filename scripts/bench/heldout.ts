/**
 * Held-out-shaped bench: a 1,000-customer month (1.02M Lago usage events as NDJSON, 930k tagged
 * FOCUS lines as CSV, 3k Lago invoice fees; heldout-data.ts) through `finops analyze` on native
 * DuckDB and on DuckDB-wasm, and through a minimal native DuckDB reference (heldout-reference.mjs:
 * read, reconcile, margin). Each runs in its own process so peak RSS is its own. Targets: native
 * within 3x of the reference, wasm within 8x. Wall time is what the analyst waits; CPU time
 * (user + system) is printed too, since a shared machine stretches wall time.
 *
 * `npm run bench -- --scale` runs instead `finops analyze` (native engine, under `nice -n 19`) on
 * generated FOCUS exports with the held-out usage and ledger: 10M lines as Parquet and as gzip CSV,
 * 100M as Parquet with a 4 GB memory cap so it spills (out of core; 6 GB for the 10M cases), reporting rows/s, wall, CPU,
 * peak RSS and the most the spill folder held. `--scale=10m,10m-csv` (or BENCH_SCALE) picks cases (`1m`: a quick check of
 * the path, under a 1 GB cap); files go to BENCH_SCALE_DIR (default /tmp/scale) and are deleted after their run unless
 * BENCH_SCALE_KEEP=1. FINOPS_THREADS and BENCH_SCALE_THREADS set the threads of the analyze and of writing the files.
 * BENCH_HELDOUT=native skips the wasm run; BENCH_NICE=0 runs the scale cases at normal priority.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { focusExport, heldoutFiles, type HeldoutFiles } from './heldout-data';

const root = path.resolve(import.meta.dirname, '../..');
const DIR = path.join(root, 'bench-data/heldout');
const TIME = '/usr/bin/time';

interface Measured {
  wall: number;
  cpu: number | null;
  rssMB: number | null;
  /** Peak size of the watched folder (the engine's spill folder) while the run went, in MB. */
  spillMB: number | null;
  stdout: string;
}

/** Bytes of the files directly in `dir` (DuckDB's spill files; a file removed meanwhile counts 0). */
function dirBytes(dir: string): number {
  let n = 0;
  for (const f of existsSync(dir) ? readdirSync(dir) : []) {
    try {
      n += statSync(path.join(dir, f)).size;
    } catch {
      // Released between the listing and the stat.
    }
  }
  return n;
}

/**
 * Runs `node args` in a child process; wall, CPU and peak RSS from /usr/bin/time when present;
 * `watch`: a folder whose size is sampled every second (the spill folder).
 */
async function measure(args: string[], opts: { nice?: boolean; env?: NodeJS.ProcessEnv; watch?: string } = {}): Promise<Measured> {
  const timed = existsSync(TIME);
  const cmd = [...(timed ? [TIME, '-f', '__time %U %S %M'] : []), process.execPath, ...args];
  // BENCH_NICE=0: full priority (a long scale run would otherwise wait behind every other job).
  if (opts.nice && process.env.BENCH_NICE !== '0') cmd.unshift('nice', '-n', '19');
  const t0 = performance.now();
  const child = spawn(cmd[0], cmd.slice(1), { cwd: root, env: { ...process.env, ...opts.env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let spill = 0;
  const sample = opts.watch ? setInterval(() => (spill = Math.max(spill, dirBytes(opts.watch!))), 1000) : null;
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (sample) clearInterval(sample);
  const wall = (performance.now() - t0) / 1000;
  const stat = /__time ([\d.]+) ([\d.]+) (\d+)/.exec(stderr);
  if (status !== 0) throw new Error(`node ${args.slice(0, 3).join(' ')} failed: ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return {
    wall,
    cpu: stat ? Number(stat[1]) + Number(stat[2]) : null,
    rssMB: stat ? Math.round(Number(stat[3]) / 1024) : null,
    spillMB: opts.watch ? Math.round(spill / 2 ** 20) : null,
    stdout,
  };
}

async function analyze(engine: 'native' | 'wasm', f: HeldoutFiles, cost = f.cost, opts: Parameters<typeof measure>[1] = {}): Promise<Measured> {
  const out = mkdtempSync(path.join(tmpdir(), `finops-bench-${engine}-`));
  try {
    const args = ['--cost', cost, '--usage', f.usage, '--ledger', f.ledger, '--prices', f.prices, '--config', f.config, '--out', out];
    return await measure(['bin/finops.mjs', 'analyze', '--engine', engine, ...args], opts);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const fmt = (m: Measured) =>
  `${m.wall.toFixed(1).padStart(7)} s wall ${m.cpu === null ? '' : `${m.cpu.toFixed(1).padStart(7)} s CPU`} ${m.rssMB === null ? '' : `${String(m.rssMB).padStart(6)} MB peak RSS`}`;

const SCALES: Record<string, { rows: number; format: 'parquet' | 'csv.gz'; memoryLimit?: string }> = {
  // A quick check of the scale path itself (minutes, not hours). Not lower: under 300 MB the 3,000-row Lago fees mapping does not fit.
  '1m': { rows: 1_000_000, format: 'parquet', memoryLimit: '1GB' },
  '10m': { rows: 10_000_000, format: 'parquet', memoryLimit: '6GB' },
  '10m-csv': { rows: 10_000_000, format: 'csv.gz', memoryLimit: '6GB' },
  '100m': { rows: 100_000_000, format: 'parquet', memoryLimit: '4GB' },
};

/** The scale cases asked for: `--scale` (all), `--scale=a,b`, or BENCH_SCALE=a,b. */
function scaleCases(): string[] {
  const arg = process.argv.find((a) => a === '--scale' || a.startsWith('--scale='));
  const list = arg?.includes('=') ? arg.slice('--scale='.length) : arg ? '10m,10m-csv,100m' : (process.env.BENCH_SCALE ?? '');
  return list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Prints each case's line as it finishes (a long run stopped midway keeps the figures it has). */
async function scaleRuns(f: HeldoutFiles, cases: string[]): Promise<void> {
  const dir = process.env.BENCH_SCALE_DIR ?? '/tmp/scale';
  for (const name of cases) {
    const c = SCALES[name];
    if (!c) throw new Error(`--scale: expected ${Object.keys(SCALES).join(', ')}, got ${name}`);
    const g0 = performance.now();
    const file = await focusExport(dir, c.rows, c.format);
    const gen = (performance.now() - g0) / 1000;
    const spill = path.join(dir, 'spill');
    mkdirSync(spill, { recursive: true });
    try {
      const env = { FINOPS_SPILL_DIR: spill, ...(c.memoryLimit ? { FINOPS_MEMORY_LIMIT: c.memoryLimit } : {}) };
      const m = await analyze('native', f, file, { nice: true, env, watch: spill });
      const total = c.rows + 1_020_000;
      console.log(
        `  ${name.padEnd(8)} ${(c.rows / 1e6).toFixed(0)}M FOCUS lines (${c.format}, ${(statSync(file).size / 2 ** 30).toFixed(2)} GB${c.memoryLimit ? `, memory cap ${c.memoryLimit}` : ''}) ` +
          `${fmt(m)}, ${m.spillMB} MB spilled at most, ${Math.round(total / m.wall).toLocaleString('en')} rows/s wall, ${m.cpu ? Math.round(total / m.cpu).toLocaleString('en') : '-'} rows/CPU-s (file ready in ${gen.toFixed(0)} s)`,
      );
    } finally {
      rmSync(spill, { recursive: true, force: true });
      if (!process.env.BENCH_SCALE_KEEP) rmSync(file, { force: true });
    }
  }
}

export async function run(): Promise<string[]> {
  const lines: string[] = [];
  const t0 = performance.now();
  const f = await heldoutFiles(DIR);
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: root });
  const cases = scaleCases();
  if (cases.length) {
    console.log(`scale bench: finops analyze --engine native, FOCUS exports with the held-out usage (1.02M events) and ledger`);
    await scaleRuns(f, cases);
    return lines;
  }
  lines.push(
    `held-out bench: 1,020,000 Lago events (NDJSON), 930,000 tagged FOCUS lines (CSV), 3,000 invoice fees (data ready in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );
  const ref = await measure(['scripts/bench/heldout-reference.mjs', f.usage, f.cost, f.ledger]);
  const native = await analyze('native', f);
  const wasm = process.env.BENCH_HELDOUT === 'native' ? null : await analyze('wasm', f);
  const ratio = (m: Measured, key: 'wall' | 'cpu') =>
    m[key] !== null && ref[key] ? `${((m[key] as number) / (ref[key] as number)).toFixed(1)}x` : '-';
  lines.push(`  reference (native DuckDB: read, reconcile, margin) ${fmt(ref)}`);
  lines.push(
    `  finops analyze --engine native                    ${fmt(native)}   ${ratio(native, 'wall')} wall, ${ratio(native, 'cpu')} CPU of reference (target <= 3x)`,
  );
  if (wasm)
    lines.push(
      `  finops analyze --engine wasm                      ${fmt(wasm)}   ${ratio(wasm, 'wall')} wall, ${ratio(wasm, 'cpu')} CPU of reference (target <= 8x)`,
    );
  return lines;
}
