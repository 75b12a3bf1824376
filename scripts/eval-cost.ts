/**
 * `npm run eval:cost`: cost-shaped evaluation of the batch detector (weekly season, trend,
 * month-edge charges, injected spikes / drops / level shifts). Prints recall at the alert
 * budget and the false-alarm rate on clean series. COST_SERIES=n to change the sample size.
 */
import { evaluateCostDetector } from '../src/analysis/anomaly/cost-eval';

const n = Number(process.env.COST_SERIES ?? 2000);
const t0 = performance.now();
const r = evaluateCostDetector({ series: n, seed: Number(process.env.COST_SEED ?? 7) });
const secs = (performance.now() - t0) / 1000;
console.log(`cost-shaped evaluation: ${n} series with one injected anomaly + ${n} clean series, 365 days each`);
for (const [k, v] of Object.entries(r.recallByKind))
  console.log(`  ${k.padEnd(12)} recall ${(v.found / Math.max(1, v.total)).toFixed(3)} (${v.found}/${v.total})`);
console.log(`recall at budget ${r.budget} findings/series: ${r.recall.toFixed(3)}   (target ≥ 0.95)`);
console.log(`false alarms on clean series: ${(r.falseAlarmRate * 100).toFixed(2)}%   (target ≤ 1%)`);
console.log(`(${secs.toFixed(1)} s)`);
