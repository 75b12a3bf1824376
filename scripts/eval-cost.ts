/**
 * `npm run eval:cost`: cost-shaped evaluation of the batch detector (weekly season, trend,
 * month-edge charges, injected spikes / drops / level shifts). Prints recall at the alert
 * budget and the false-alarm rate on clean series. COST_SERIES=n to change the sample size.
 */
import { evaluateCostDetector } from '../src/analysis/anomaly/cost-eval';
import { analyzeSeries } from '../src/analysis/anomaly/detect-series';
import { generateNullSeries, NULL_KINDS } from '../src/analysis/anomaly/null-series';

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

// Series that are not daily-seasonal and hold no anomaly: every flagged point is a false alarm.
console.log('\nflagged points on series without anomalies or season (100 × 365 daily, 20 × 4000 hourly):');
for (const kind of NULL_KINDS) {
  const rates = (
    [
      [100, 365, 86_400_000],
      [20, 4000, 3_600_000],
    ] as const
  ).map(([count, len, step]) => {
    let flagged = 0;
    for (let s = 1; s <= count; s++) {
      const g = generateNullSeries(kind, s, len, step);
      flagged += analyzeSeries(g.timestampsMs, g.values).points.filter((p) => p.isAnomaly).length;
    }
    return `${((100 * flagged) / (count * len)).toFixed(2)}%`;
  });
  console.log(`  ${kind.padEnd(13)} daily ${rates[0].padStart(6)}   hourly ${rates[1].padStart(6)}   (target ≤ 1%)`);
}
