/**
 * The statistics now taken from simple-statistics against the hand-written versions they
 * replaced (kept here as the reference, as they were): same definitions (type-7 quantiles,
 * unscaled MAD around the median, mean and Bessel-corrected SD), on random inputs.
 * The only allowed difference is rounding: simple-statistics takes the midpoint of the two
 * middle values as a + (b − a)/2 where the old code took (a + b)/2, and its sum is compensated.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mean, sampleStandardDeviation } from 'simple-statistics';
import { MAD_TO_SIGMA, iqr, mad, median, nanMedian, quantile, sortedQuantile } from '../../../src/analysis/stats/robust';
import { robustSigma } from '../../../src/analysis/anomaly/seasonal';
import { benfordTest, BENFORD } from '../../../src/analysis/fraud/benford';

// ---- the replaced implementations ----
function refSortedMedian(s: ArrayLike<number>): number {
  const n = s.length;
  if (n === 0) return NaN;
  const m = n >> 1;
  return n % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
const refMedian = (v: ArrayLike<number>) => refSortedMedian(Float64Array.from(v).sort());
function refMad(v: ArrayLike<number>): number {
  const c = refMedian(v);
  return refMedian(Float64Array.from(v, (x) => Math.abs(x - c)));
}
function refSortedQuantile(s: ArrayLike<number>, p: number): number {
  if (s.length === 0) return NaN;
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(s.length - 1, lo + 1);
  return s[lo] + (h - lo) * (s[hi] - s[lo]);
}
const refQuantile = (v: ArrayLike<number>, p: number) => refSortedQuantile(Float64Array.from(v).sort(), p);
const refNanMedian = (v: ArrayLike<number>) => refMedian(Array.from(v).filter((x) => x === x));
function refMeanSd(v: number[]): [number, number] {
  let s = 0;
  for (const x of v) s += x;
  const m = s / v.length;
  let q = 0;
  for (const x of v) q += (x - m) ** 2;
  return [m, Math.sqrt(q / (v.length - 1))];
}

// ---- comparison ----
const value = fc.double({ min: -1e6, max: 1e6, noNaN: true });
const values = fc.array(value, { minLength: 1, maxLength: 60 });
const withGaps = fc.array(fc.oneof(value, fc.constant(NaN)), { minLength: 1, maxLength: 60 });
const integers = fc.array(fc.integer({ min: -1e9, max: 1e9 }), { minLength: 1, maxLength: 60 });
const runs = { numRuns: 2000 };

/** Equal as numbers (so −0 = 0), or both NaN. */
const same = (a: number, b: number) => a === b || (a !== a && b !== b);
/** Within `ulps` units in the last place of the largest magnitude involved (subnormals included). */
const close = (a: number, b: number, scale: number, ulps = 2) => same(a, b) || Math.abs(a - b) <= ulps * (Number.EPSILON * scale + Number.MIN_VALUE);
const maxAbs = (v: ArrayLike<number>) => Array.from(v).reduce((m, x) => (x === x ? Math.max(m, Math.abs(x)) : m), 0);

describe('simple-statistics matches the statistics it replaced', () => {
  it('median: identical for odd counts and integers, within an ulp otherwise', () => {
    fc.assert(
      fc.property(values, (v) => {
        const odd = v.length % 2 === 1;
        return odd ? same(median(v), refMedian(v)) : close(median(v), refMedian(v), maxAbs(v), 1);
      }),
      runs,
    );
    fc.assert(
      fc.property(integers, (v) => same(median(v), refMedian(v)) && same(median(Float64Array.from(v)), refMedian(v))),
      runs,
    );
  });
  it('MAD: unscaled, around the median', () => {
    fc.assert(
      fc.property(values, (v) => close(mad(v), refMad(v), maxAbs(v), 4)),
      runs,
    );
    fc.assert(
      fc.property(integers, (v) => same(mad(v), refMad(v))),
      runs,
    );
  });
  it('quantiles and IQR: type 7, identical', () => {
    fc.assert(
      fc.property(values, fc.double({ min: 0, max: 1, noNaN: true }), (v, p) => {
        const s = Float64Array.from(v).sort();
        return same(sortedQuantile(s, p), refSortedQuantile(s, p)) && same(quantile(v, p), refQuantile(v, p));
      }),
      runs,
    );
    fc.assert(
      fc.property(values, (v) => same(iqr(v), refQuantile(v, 0.75) - refQuantile(v, 0.25))),
      runs,
    );
  });
  it('empty inputs stay NaN rather than throwing', () => {
    for (const f of [median, mad, iqr, nanMedian]) expect(f([])).toBeNaN();
    expect(quantile([], 0.5)).toBeNaN();
    expect(sortedQuantile(new Float64Array(0), 0.99)).toBeNaN();
    expect(nanMedian([NaN, NaN])).toBeNaN();
  });
  it('median skipping NaN (seasonal phases, month edges, root cause) and the residual σ', () => {
    fc.assert(
      fc.property(withGaps, (v) => close(nanMedian(v), refNanMedian(v), maxAbs(v), 1)),
      runs,
    );
    fc.assert(
      fc.property(withGaps, fc.nat(60), fc.nat(60), (v, a, b) => {
        const from = Math.min(a, b, v.length);
        const to = Math.min(Math.max(a, b), v.length);
        return close(nanMedian(v, from, to), refNanMedian(v.slice(from, to)), maxAbs(v), 1);
      }),
      runs,
    );
    fc.assert(
      fc.property(withGaps, (v) => {
        const ref = refNanMedian(v.map(Math.abs));
        return close(robustSigma(v), ref === ref ? ref * MAD_TO_SIGMA : 0, maxAbs(v) * MAD_TO_SIGMA, 2);
      }),
      runs,
    );
  });
  it('mean and sample (n − 1) standard deviation of the classic ESD', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 2, maxLength: 60 }), (v) => {
        const [m, sd] = refMeanSd(v);
        const scale = maxAbs(v);
        return Math.abs(mean(v) - m) <= 1e-12 * scale && Math.abs(sampleStandardDeviation(v) - sd) <= 1e-9 * Math.max(sd, 1e-300) + 1e-12 * scale;
      }),
      runs,
    );
  });
  it("Benford: entry count from simple-statistics' sum, Nigrini's mean absolute deviation unchanged", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1e9 }), { minLength: 1, maxLength: 300 }), (v) => {
        const counts = new Array(9).fill(0);
        for (const x of v) counts[Number(String(x)[0]) - 1]++;
        const ref = counts.map((c, i) => c / v.length - BENFORD[i]).reduce((a, d) => a + Math.abs(d), 0) / 9;
        const t = benfordTest(v);
        return t.n === v.length && t.mad === ref;
      }),
      { numRuns: 500 },
    );
  });
});
