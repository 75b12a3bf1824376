import { describe, expect, it } from 'vitest';
import type { SeriesAnalysis, SeriesPoint } from '../../../src/analysis/anomaly/detect-series';
import { findingsForSeries } from '../../../src/analysis/anomaly/events';

const DAY = 86_400_000;

/** One flagged point among quiet ones, at the given actual and expected values. */
function explain(actual: number, expected: number): string {
  const points: SeriesPoint[] = [0, 1, 2].map((i) => ({
    ts: i * DAY,
    value: i === 1 ? actual : expected,
    expected,
    bandLow: expected * 0.9,
    bandHigh: expected * 1.1,
    score: i === 1 ? 3 : 0,
    isAnomaly: i === 1,
    method: i === 1 ? 'robust-z' : null,
    excluded: false,
  }));
  const analysis: SeriesAnalysis = { period: 0, periodSource: 'none', stepMs: DAY, sigma: 1, scale: 'linear', points };
  const series = { key: 'cost|service=x', dimensions: {}, timestampsMs: points.map((p) => p.ts), values: points.map((p) => p.value) };
  const [f] = findingsForSeries(series, analysis, { minAbsImpact: 0, minPctImpact: 0 });
  return f.explanation;
}

describe('anomaly explanations write numbers positionally', () => {
  it('tiny values keep four significant digits without scientific notation', () => {
    const text = explain(3.5e-12, 1e-12);
    expect(text).not.toMatch(/\de[-+]?\d/i);
    expect(text).toContain('actual 0.000000000003500 vs expected 0.000000000001000');
  });

  it('huge values are whole numbers without an exponent', () => {
    const text = explain(4.2e22, 1e22);
    expect(text).not.toMatch(/\de[-+]?\d/i);
    expect(text).toContain('actual 42000000000000000000000 vs expected 10000000000000000000000');
  });

  it('everyday values read as before', () => {
    expect(explain(150.4, 12.3456)).toContain('actual 150 vs expected 12.35 (band 11.11…13.58');
  });
});
