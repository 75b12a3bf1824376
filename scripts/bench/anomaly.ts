/**
 * Anomaly benchmark: 10,000 daily series × 365 days through the whole batch detector (period
 * detection, decomposition, S-H-ESD, robust z, Holt-Winters + CUSUM, debounced findings with
 * gates and budget). Runs on every core with worker threads, as the app does in its workers,
 * and also reports the single-thread CPU time. `run()` returns printable lines for the lead's
 * `npm run bench`; `npx tsx scripts/bench/anomaly.ts` runs it alone (BENCH_SERIES=n to resize).
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { analyzeSeries } from '../../src/analysis/anomaly/detect-series';
import { findingsForSeries } from '../../src/analysis/anomaly/events';
import { generateCostSeries } from '../../src/analysis/anomaly/cost-generator';

const DAYS = 365;

interface Batch {
  timestamps: Float64Array;
  values: Float64Array; // series × DAYS, row-major
  count: number;
}

function makeBatch(from: number, count: number): Batch {
  const values = new Float64Array(count * DAYS);
  let timestamps = new Float64Array(DAYS);
  for (let s = 0; s < count; s++) {
    const g = generateCostSeries(from + s, { inject: (from + s) % 4 === 0 ? 'random' : 'none', days: DAYS });
    values.set(g.values, s * DAYS);
    if (s === 0) timestamps = Float64Array.from(g.timestampsMs);
  }
  return { timestamps, values, count };
}

/** Runs the whole detector over a batch; returns the number of findings. */
function detectBatch(b: Batch): number {
  const ts = Array.from(b.timestamps);
  let findings = 0;
  for (let s = 0; s < b.count; s++) {
    const v = b.values.subarray(s * DAYS, (s + 1) * DAYS);
    const a = analyzeSeries(ts, v);
    findings += findingsForSeries({ key: `s${s}`, dimensions: {}, timestampsMs: ts, values: Array.from(v) }, a, { budget: 3 }).length;
  }
  return findings;
}

if (!isMainThread && workerData?.anomalyBench) {
  const batch = workerData.batch as Batch;
  parentPort!.on('message', () => {
    parentPort!.postMessage({ findings: detectBatch(batch) });
  });
  parentPort!.postMessage('ready');
}

export async function run(series = Number(process.env.BENCH_SERIES ?? 10_000)): Promise<string[]> {
  const workers = Math.max(1, Math.min(availableParallelism(), 8));
  const per = Math.ceil(series / workers);
  const batches: Batch[] = [];
  for (let w = 0; w < workers; w++) batches.push(makeBatch(w * per, Math.min(per, series - w * per)));
  const entry = fileURLToPath(new URL('./anomaly-worker.mjs', import.meta.url));
  const pool = batches.map((batch) => new Worker(entry, { workerData: { anomalyBench: true, batch } }));
  await Promise.all(pool.map((w) => new Promise((res) => w.once('message', res))));
  const t0 = performance.now();
  const results = await Promise.all(
    pool.map(
      (w) =>
        new Promise<{ findings: number }>((res) => {
          w.once('message', res);
          w.postMessage('go');
        }),
    ),
  );
  const wall = (performance.now() - t0) / 1000;
  await Promise.all(pool.map((w) => w.terminate()));
  const findings = results.reduce((a, r) => a + r.findings, 0);
  // CPU time of one thread over a sample, which other processes on the machine cannot inflate
  // the way they inflate wall time (process.cpuUsage counts every thread, so measure alone).
  const sample = makeBatch(series, Math.min(1000, series));
  detectBatch(makeBatch(series + 1000, 200)); // warm the JIT as the workers were
  const c0 = process.cpuUsage();
  detectBatch(sample);
  const c = process.cpuUsage(c0);
  const perSeries = (c.user + c.system) / 1e6 / sample.count;
  return [
    `anomaly: ${series.toLocaleString('en-US')} series × ${DAYS} days through the whole detector: ${wall.toFixed(2)} s wall on ${workers} worker${workers > 1 ? 's' : ''} (target < 5 s), ${findings} findings`,
    `anomaly: ${(perSeries * 1e6).toFixed(0)} µs CPU per series on one thread -> ${((perSeries * series) / workers).toFixed(2)} s of CPU per core for ${series.toLocaleString('en-US')} series on ${workers} cores (load average now ${loadavg()[0].toFixed(1)})`,
  ];
}

if (isMainThread && process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  run().then((lines) => console.log(lines.join('\n')));
}
