import { describe, expect, it } from 'vitest';
import { autocorrelation, detectPeriod, medianStepMs } from '../../../src/analysis/stats/periodicity';

const DAY = 86_400_000;

describe('autocorrelation and period detection', () => {
  it('ACF of 1..5 at lag 1 is 0.4', () => {
    expect(autocorrelation([1, 2, 3, 4, 5], 1)).toBeCloseTo(0.4, 12);
    expect(autocorrelation([1, 2, 3, 4, 5], 0)).toBeCloseTo(1, 12);
  });
  it('finds a weekly season in daily points', () => {
    const t = Array.from({ length: 120 }, (_, i) => Date.UTC(2025, 0, 1) + i * DAY);
    const v = t.map((_, i) => 100 + (i % 7 >= 5 ? -40 : 0) + 0.3 * i + ((i * 7919) % 13) / 13);
    expect(medianStepMs(t)).toBe(DAY);
    const p = detectPeriod(v, t);
    expect(p.period).toBe(7);
    expect(p.source).toBe('week');
  });
  it('finds a daily season in hourly points', () => {
    const t = Array.from({ length: 24 * 20 }, (_, i) => i * 3_600_000);
    const v = t.map((_, i) => 10 + 5 * Math.sin((2 * Math.PI * i) / 24) + ((i * 31) % 7) / 7);
    expect(detectPeriod(v, t).period).toBe(24);
  });
  it('finds an unlabelled period from the ACF alone and none in noise', () => {
    const v = Array.from({ length: 300 }, (_, i) => Math.sin((2 * Math.PI * i) / 12) + 0.1 * Math.cos(i * 2.3));
    expect(detectPeriod(v).period).toBe(12);
    let s = 7;
    const noise = Array.from({ length: 300 }, () => (s = (s * 16807) % 2147483647) / 2147483647);
    expect(detectPeriod(noise).period).toBe(0);
  });
});
