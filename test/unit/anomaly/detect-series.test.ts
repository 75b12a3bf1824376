import { describe, expect, it } from 'vitest';
import { analyzeSeries } from '../../../src/analysis/anomaly/detect-series';
import { findingsForSeries, debounce } from '../../../src/analysis/anomaly/events';
import { generateCostSeries } from '../../../src/analysis/anomaly/cost-generator';
import { evaluateCostDetector } from '../../../src/analysis/anomaly/cost-eval';

const DAY = 86_400_000;
const days = (n: number) => Array.from({ length: n }, (_, i) => Date.UTC(2025, 0, 1) + i * DAY);

describe('batch series detector', () => {
  it('finds the weekly period and flags a planted spike with its expected value and band', () => {
    const g = generateCostSeries(42, { inject: 'spike' });
    const a = analyzeSeries(g.timestampsMs, g.values);
    const at = g.injected!.start;
    expect(a.points[at].isAnomaly).toBe(true);
    const p = a.points[at];
    expect(p.value).toBeGreaterThan(p.bandHigh);
    expect(p.expected).toBeLessThan(p.value / 1.4);
    expect(a.points.length).toBe(g.values.length);
  });
  it('reports a level shift once, at its onset, against the pre-shift level', () => {
    const t = days(200);
    const v = t.map((_, i) => (i < 120 ? 100 : 160) * (1 + 0.02 * Math.sin(i * 1.3)));
    const a = analyzeSeries(t, v);
    const ev = debounce(a);
    expect(ev.length).toBe(1);
    expect(ev[0].startIndex).toBeGreaterThanOrEqual(118);
    expect(ev[0].startIndex).toBeLessThanOrEqual(122);
    expect(ev[0].actual / ev[0].expected).toBeGreaterThan(1.4);
  });
  it('a level shift starts where the errors move, not at the noisy points before it (its money is not diluted)', () => {
    // A 31% drop on day 208 of a series without a season: the CUSUM's last zero falls three days early.
    const g = generateCostSeries(7 * 1_000_003 + 513, { inject: 'random' });
    expect(g.injected).toMatchObject({ kind: 'level-shift', start: 208 });
    const a = analyzeSeries(g.timestampsMs, g.values);
    const f = findingsForSeries({ key: 's', dimensions: {}, timestampsMs: g.timestampsMs, values: g.values }, a, { budget: 3 });
    const shift = f.find((x) => x.method === 'level-shift')!;
    expect(Date.parse(shift.start)).toBeGreaterThanOrEqual(g.timestampsMs[208]);
    expect(Date.parse(shift.start)).toBeLessThanOrEqual(g.timestampsMs[210]);
  });
  it('does not alert on recurring month-end charges', () => {
    const t = days(365);
    const v = t.map((ms, i) => {
      const last = new Date(ms + DAY).getUTCDate() === 1;
      return 1000 * (1 + 0.03 * Math.sin(i * 2.1)) + (last ? 5000 : 0);
    });
    const a = analyzeSeries(t, v);
    expect(a.points.filter((p) => p.isAnomaly)).toEqual([]);
    const lastDay = a.points[30];
    expect(lastDay.expected).toBeGreaterThan(5500);
  });
  it('labelled points are kept out of the baseline and never flagged', () => {
    const t = days(120);
    const v = t.map((_, i) => 100 + 3 * Math.sin(i) + (i === 60 ? 400 : 0));
    const exclude = t.map((_, i) => i === 60);
    const a = analyzeSeries(t, v, { exclude });
    expect(a.points[60].isAnomaly).toBe(false);
    expect(a.points[60].excluded).toBe(true);
    expect(a.points[61].isAnomaly).toBe(false);
  });
  it('a flat series with cent-level wiggles does not alert (relative floor / IQR fallback)', () => {
    const t = days(90);
    const v = t.map((_, i) => 50 + (i % 9 === 0 ? 0.01 : 0));
    const a = analyzeSeries(t, v);
    expect(a.points.some((p) => p.isAnomaly)).toBe(false);
  });
  it('findings carry actual, expected, band, impact %, method and baseline', () => {
    const g = generateCostSeries(7, { inject: 'drop' });
    const a = analyzeSeries(g.timestampsMs, g.values);
    const f = findingsForSeries({ key: 'cost|service=ec2', dimensions: { service: 'ec2' }, timestampsMs: g.timestampsMs, values: g.values }, a);
    expect(f.length).toBeGreaterThan(0);
    const top = f[0];
    expect(top.start).toBe(new Date(g.timestampsMs[g.injected!.start]).toISOString().slice(0, 10));
    expect(top.impact_pct).toBeLessThan(-0.5);
    expect(top.band_low).toBeLessThan(top.expected);
    expect(top.baseline_window?.period).toBe(a.period);
    expect(top.explanation).toMatch(/expected/);
  });
});

describe('cost-shaped evaluation (small)', () => {
  it('recall ≥ 0.95 at 3 findings per series, false alarms on clean series ≤ 2%', () => {
    const r = evaluateCostDetector({ series: 150, seed: 3 });
    expect(r.recall).toBeGreaterThanOrEqual(0.95);
    expect(r.falseAlarmRate).toBeLessThanOrEqual(0.02);
  });
});

describe('zero baselines', () => {
  it('usage appearing from nothing is a finding with a finite impact %', () => {
    const t = days(90);
    const v = t.map((_, i) => (i === 70 ? 500 : 0));
    const a = analyzeSeries(t, v);
    const f = findingsForSeries({ key: 'usage|customer=x', dimensions: {}, timestampsMs: t, values: v }, a);
    expect(f).toHaveLength(1);
    expect(f[0].impact_pct).toBe(1);
    expect(f[0].explanation).toMatch(/from a zero baseline/);
    expect(JSON.parse(JSON.stringify(f[0])).impact_pct).toBe(1);
  });
});

describe('gates', () => {
  it('a cent-sized series does not alert by default, but does when the absolute gate is lowered', () => {
    const t = days(120);
    const v = t.map((_, i) => 0.05 * (1 + 0.02 * Math.sin(i)) * (i === 100 ? 8 : 1));
    const a = analyzeSeries(t, v);
    expect(a.points[100].isAnomaly).toBe(true);
    const series = { key: 'cost|tiny', dimensions: {}, timestampsMs: t, values: v };
    expect(findingsForSeries(series, a)).toHaveLength(0);
    expect(findingsForSeries(series, a, { minAbsImpact: 0.1 })).toHaveLength(1);
    expect(findingsForSeries(series, a, { minAbsImpact: 0.1, minPctImpact: 10 })).toHaveLength(0);
  });
});

describe('events tell what their points show', () => {
  it('two low days around an unflagged spike are two drops, never one event that reads as a rise', () => {
    const pt = (i: number, value: number, expected: number, isAnomaly: boolean) => ({
      ts: Date.UTC(2024, 2, 1 + i),
      value,
      expected,
      bandLow: expected / 6,
      bandHigh: expected * 6,
      score: isAnomaly ? 3 : 0.5,
      isAnomaly,
      method: isAnomaly ? ('seasonal-esd' as const) : null,
      excluded: false,
    });
    // The demo's initech api_calls around 2024-03-14: 6 and 1 calls flagged, 952 between them not.
    const points = [pt(0, 150, 149, false), pt(1, 6, 143.67, true), pt(2, 952, 149, false), pt(3, 1, 149, true), pt(4, 160, 149, false)];
    const events = debounce({ period: 0, periodSource: 'none', stepMs: 86_400_000, sigma: 0.5, scale: 'log', points });
    expect(events.map((e) => [e.startIndex, e.endIndex, e.actual])).toEqual([
      [1, 1, 6],
      [3, 3, 1],
    ]);
    for (const e of events) expect(e.actual).toBeLessThan(e.expected);
  });
});
