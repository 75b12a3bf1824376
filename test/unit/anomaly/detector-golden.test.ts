import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeSeries, type SeriesAnalysis } from '../../../src/analysis/anomaly/detect-series';
import { findingsForSeries } from '../../../src/analysis/anomaly/events';
import { generateCostSeries } from '../../../src/analysis/anomaly/cost-generator';
import { generateNullSeries, NULL_KINDS } from '../../../src/analysis/anomaly/null-series';

// The batch detector's output on a fixed set of series, recorded before its hot paths were
// rewritten for speed: a faster detector must find exactly the same (every point's expected
// value, band, score, verdict and method, bit for bit, and the same findings).
// ANOMALY_GOLDEN_WRITE=1 records it again, for a deliberate change of results only.
const golden = path.join('test/fixtures/anomaly-golden/batch-detector.json');

function inputs(): { key: string; ts: number[]; values: number[] }[] {
  const out: { key: string; ts: number[]; values: number[] }[] = [];
  for (let s = 0; s < 160; s++) {
    const g = generateCostSeries(s, { inject: s % 4 === 0 ? 'random' : 'none', days: 365 });
    out.push({ key: `cost${s}`, ts: g.timestampsMs, values: g.values });
  }
  // Gaps and zeros (the linear scale and the gap filling), and a quiet month of zeros.
  for (let s = 0; s < 20; s++) {
    const g = generateCostSeries(1000 + s, { inject: 'random', days: 365 });
    const v = g.values.map((x, i) => (i % 37 === 5 ? NaN : (i + s) % 53 === 0 ? 0 : x));
    if (s % 5 === 0) v.fill(0, 200, 230);
    out.push({ key: `gappy${s}`, ts: g.timestampsMs, values: v });
  }
  for (const kind of NULL_KINDS)
    for (let s = 1; s <= 5; s++) {
      const d = generateNullSeries(kind, s, 365, 86_400_000);
      out.push({ key: `${kind}-daily${s}`, ts: d.timestampsMs, values: d.values });
      const h = generateNullSeries(kind, s, 2000, 3_600_000);
      out.push({ key: `${kind}-hourly${s}`, ts: h.timestampsMs, values: h.values });
    }
  return out;
}

const METHODS = [null, 'seasonal-esd', 'robust-z', 'holt-winters', 'level-shift'];

function digest(a: SeriesAnalysis): string {
  const f = new Float64Array(a.points.length * 6 + 2);
  a.points.forEach((p, i) => f.set([p.expected, p.bandLow, p.bandHigh, p.score, p.isAnomaly ? 1 : 0, METHODS.indexOf(p.method)], i * 6));
  f[f.length - 2] = a.period;
  f[f.length - 1] = a.sigma;
  return createHash('sha256').update(new Uint8Array(f.buffer)).digest('hex').slice(0, 24);
}

describe('batch detector on a fixed input', () => {
  it('gives the recorded points and findings, bit for bit', () => {
    const got: Record<string, { points: string; findings: unknown[] }> = {};
    for (const s of inputs()) {
      const a = analyzeSeries(s.ts, s.values);
      const findings = findingsForSeries({ key: s.key, dimensions: {}, timestampsMs: s.ts, values: s.values }, a, { budget: 3 });
      got[s.key] = { points: digest(a), findings };
    }
    if (process.env.ANOMALY_GOLDEN_WRITE) writeFileSync(golden, JSON.stringify(got, null, 1) + '\n');
    const want = JSON.parse(readFileSync(golden, 'utf8'));
    expect(Object.values(got).reduce((n, g) => n + g.findings.length, 0)).toBeGreaterThan(40);
    expect(got).toEqual(want);
  });
});
