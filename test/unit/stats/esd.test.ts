import { describe, expect, it } from 'vitest';
import { esdCriticalValue, generalizedEsd } from '../../../src/analysis/stats/esd';

// Rosner's (1983) example as worked in the NIST/SEMATECH e-Handbook (section 1.3.5.17.3).
const ROSNER = [
  -0.25, 0.68, 0.94, 1.15, 1.2, 1.26, 1.26, 1.34, 1.38, 1.43, 1.49, 1.49, 1.55, 1.56, 1.58, 1.65, 1.69, 1.7, 1.76, 1.77, 1.81, 1.91, 1.94, 1.96, 1.99,
  2.06, 2.09, 2.1, 2.14, 2.15, 2.23, 2.24, 2.26, 2.35, 2.37, 2.4, 2.47, 2.54, 2.62, 2.64, 2.9, 2.92, 2.92, 2.93, 3.21, 3.26, 3.3, 3.59, 3.68, 4.3,
  4.64, 5.34, 5.42, 6.01,
];

describe('generalized ESD', () => {
  it('critical values match the published table for n = 54, alpha = 0.05', () => {
    const expected = [3.159, 3.151, 3.144, 3.136, 3.128, 3.12, 3.112, 3.103, 3.094, 3.085];
    expected.forEach((l, i) => expect(esdCriticalValue(54, i + 1, 0.05)).toBeCloseTo(l, 3));
  });
  it('critical values match Rosner (1983) single-outlier entries', () => {
    expect(esdCriticalValue(10, 1, 0.05)).toBeCloseTo(2.29, 2);
    expect(esdCriticalValue(20, 1, 0.05)).toBeCloseTo(2.71, 2);
    expect(esdCriticalValue(50, 1, 0.05)).toBeCloseTo(3.13, 2);
    expect(esdCriticalValue(100, 1, 0.05)).toBeCloseTo(3.38, 2);
  });
  it('finds exactly the three outliers of the NIST example (mean/SD form)', () => {
    const r = generalizedEsd(ROSNER, 10, { alpha: 0.05, robust: false });
    const stats = [3.118, 2.942, 3.179, 2.81, 2.815, 2.848, 2.279, 2.31, 2.101, 2.067];
    r.steps.forEach((s, i) => expect(s.r).toBeCloseTo(stats[i], 2));
    expect(r.outliers.map((i) => ROSNER[i]).sort((a, b) => a - b)).toEqual([5.34, 5.42, 6.01]);
  });
  it('the robust (median/MAD) form flags planted spikes and nothing else', () => {
    const x = Array.from({ length: 200 }, (_, i) => 100 + 5 * Math.sin(i * 1.7));
    x[40] = 160;
    x[120] = 20;
    const r = generalizedEsd(x, 20, { alpha: 0.05 });
    expect(r.outliers.sort((a, b) => a - b)).toEqual([40, 120]);
  });
});
