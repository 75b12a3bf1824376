import { describe, expect, it } from 'vitest';
import { iqr, mad, median, quantile, robustZ } from '../../../src/analysis/stats/robust';

describe('robust statistics', () => {
  it('median and MAD of the textbook example', () => {
    const x = [1, 1, 2, 2, 4, 6, 9];
    expect(median(x)).toBe(2);
    expect(mad(x)).toBe(1);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  it('MAD ignores a wild outlier, the SD does not', () => {
    expect(mad([10, 11, 9, 10, 12, 8, 1e9])).toBe(1);
  });
  it('quantiles interpolate like R type 7', () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(quantile(x, 0.25)).toBeCloseTo(3.25, 12);
    expect(quantile(x, 0.9)).toBeCloseTo(9.1, 12);
    expect(iqr(x)).toBeCloseTo(4.5, 12);
  });
  it('robust z uses 0.6745 (x - median) / MAD', () => {
    expect(robustZ(7, 2, 1)).toBeCloseTo(3.3725, 12);
  });
});
