import fc from 'fast-check';
import { median as ssMedian } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { iqr, mad, median, medianInPlace, quantile, robustZ } from '../../../src/analysis/stats/robust';

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

describe('medianInPlace', () => {
  it('is simple-statistics’ median bit for bit (odd and even counts, ties), reordering only its scratch', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map((x) => x + 0),
            fc.constantFrom(0, 1, 2),
          ),
          { minLength: 1, maxLength: 900 },
        ),
        (xs) => {
          const scratch = Float64Array.from(xs);
          expect(medianInPlace(scratch)).toBe(ssMedian(xs));
          expect(Array.from(scratch).sort((a, b) => a - b)).toEqual([...xs].sort((a, b) => a - b));
        },
      ),
    );
    expect(medianInPlace(new Float64Array(0))).toBeNaN();
  });
});
