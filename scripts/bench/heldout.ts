/**
 * Held-out-shaped bench: a 1,000-customer month (1.02M Lago usage events as NDJSON, 930k tagged
 * FOCUS lines as CSV, 3k Lago invoice fees; heldout-data.ts) through `finops analyze` on native
 * DuckDB and on DuckDB-wasm, and through a minimal native DuckDB reference (heldout-reference.mjs:
 * read, reconcile, margin). Each runs in its own process so peak RSS is its own. Targets: native
 * within 3x of the reference, wasm within 8x. Wall time is what the analyst waits; CPU time
 * (user + system) is printed too, since a shared machine stretches wall time.
 *
 * BENCH_SCALE=10m (and/or 100m, comma-separated) adds `finops analyze` on a FOCUS Parquet export of
 * that many lines (native engine; 100m does not fit in memory and spills), reporting rows/s.
 * BENCH_HELDOUT=native skips the wasm run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { focusParquet, heldoutFiles, type HeldoutFiles } from './heldout-data';

const root = path.resolve(import.meta.dirname, '../..');
const DIR = path.join(root, 'bench-data/heldout');
const TIME = '/usr/bin/time';

interface Measured {
  wall: number;
  cpu: number | null;
  rssMB: number | null;
  stdout: string;
}

/** Runs `node args` in a child process; wall, CPU and peak RSS from /usr/bin/time when present. */
function measure(args: string[]): Measured {
  const timed = existsSync(TIME);
  const t0 = performance.now();
  const r = timed
    ? spawnSync(TIME, ['-f', '__time %U %S %M', process.execPath, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 })
    : spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = (performance.now() - t0) / 1000;
  const stat = /__time ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr ?? '');
  if (r.status !== 0) throw new Error(`node ${args.slice(0, 3).join(' ')} failed: ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`);
  return { wall, cpu: stat ? Number(stat[1]) + Number(stat[2]) : null, rssMB: stat ? Math.round(Number(stat[3]) / 1024) : null, stdout: r.stdout };
}

function analyze(engine: 'native' | 'wasm', f: HeldoutFiles, cost = f.cost): Measured {
  const out = mkdtempSync(path.join(tmpdir(), `finops-bench-${engine}-`));
  try {
    const args = ['--cost', cost, '--usage', f.usage, '--ledger', f.ledger, '--prices', f.prices, '--config', f.config, '--out', out];
    return measure(['bin/finops.mjs', 'analyze', '--engine', engine, ...args]);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const fmt = (m: Measured) =>
  `${m.wall.toFixed(1).padStart(7)} s wall ${m.cpu === null ? '' : `${m.cpu.toFixed(1).padStart(7)} s CPU`} ${m.rssMB === null ? '' : `${String(m.rssMB).padStart(6)} MB peak RSS`}`;

export async function run(): Promise<string[]> {
  const lines: string[] = [];
  const t0 = performance.now();
  const f = await heldoutFiles(DIR);
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: root });
  lines.push(
    `held-out bench: 1,020,000 Lago events (NDJSON), 930,000 tagged FOCUS lines (CSV), 3,000 invoice fees (data ready in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );
  const ref = measure(['scripts/bench/heldout-reference.mjs', f.usage, f.cost, f.ledger]);
  const native = analyze('native', f);
  const wasm = process.env.BENCH_HELDOUT === 'native' ? null : analyze('wasm', f);
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
  for (const scale of (process.env.BENCH_SCALE ?? '').split(',').filter(Boolean)) {
    const rows = { '10m': 10_000_000, '100m': 100_000_000 }[scale.trim()];
    if (!rows) throw new Error(`BENCH_SCALE: expected 10m or 100m, got ${scale}`);
    const g0 = performance.now();
    const file = await focusParquet(path.join(root, 'bench-data/scale'), rows);
    const gen = (performance.now() - g0) / 1000;
    const m = analyze('native', f, file);
    const total = rows + 1_020_000;
    lines.push(
      `  ${(rows / 1e6).toFixed(0)}M-line FOCUS Parquet, finops analyze --engine native ${fmt(m)}, ${Math.round(total / m.wall).toLocaleString('en')} rows/s (file ready in ${gen.toFixed(0)} s)`,
    );
  }
  return lines;
}
