import { describe, expect, it } from 'vitest';
import { incompleteBeta, normalQuantile, studentTCdf, studentTQuantile } from '../../../src/analysis/stats/student-t';

describe('Student t quantile', () => {
  // Textbook table values (two-sided 95%, 99%, ...), six decimals.
  const table: [number, number, number][] = [
    [0.975, 10, 2.228139],
    [0.995, 5, 4.032143],
    [0.95, 1, 6.313752],
    [0.975, 2, 4.302653],
    [0.9, 3, 1.637744],
    [0.975, 30, 2.042272],
    [0.999, 20, 3.551808],
    [0.995, 120, 2.617421],
    [0.9995, 4, 8.610302],
  ];
  for (const [p, df, t] of table) {
    it(`t(${p}, ${df}) = ${t}`, () => {
      expect(studentTQuantile(p, df)).toBeCloseTo(t, 5);
      expect(studentTQuantile(1 - p, df)).toBeCloseTo(-t, 5);
    });
  }
  it('inverts its own CDF, including fractional degrees of freedom', () => {
    for (const df of [1.5, 3.7, 9, 51.2, 400]) {
      for (const p of [0.6, 0.9, 0.99, 0.99999]) expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 10);
    }
  });
  it('approaches the normal quantile for large df', () => {
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.959966, 4);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
  });
  it('incomplete beta matches closed forms', () => {
    // I_x(1, 1) = x; I_x(2, 1) = x^2; I_0.5(a, a) = 0.5
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(incompleteBeta(0.3, 2, 1)).toBeCloseTo(0.09, 12);
    expect(incompleteBeta(0.5, 7.5, 7.5)).toBeCloseTo(0.5, 12);
  });
  it('rejects impossible arguments', () => {
    expect(() => studentTQuantile(1.2, 3)).toThrow(RangeError);
    expect(() => studentTQuantile(0.9, 0)).toThrow(RangeError);
  });
});
