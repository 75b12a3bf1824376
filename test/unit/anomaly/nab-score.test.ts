import { describe, expect, it } from 'vitest';
import { normalizedNabScore, probationaryLength, scaledSigmoid, scoreNabFile } from '../../../src/analysis/anomaly/nab-score';

const n = 1000;
const ts = Array.from({ length: n }, (_, i) => i * 60_000);
const windows: [number, number][] = [
  [ts[400], ts[449]],
  [ts[800], ts[849]],
];
const none = new Array(n).fill(false);

describe('NAB scoring', () => {
  it('scaled sigmoid matches the published anchor values', () => {
    expect(scaledSigmoid(-1)).toBeCloseTo(0.98661, 5);
    expect(scaledSigmoid(-0.5)).toBeCloseTo(0.84828, 5);
    expect(scaledSigmoid(0)).toBeCloseTo(0, 12);
    expect(scaledSigmoid(1)).toBeCloseTo(-0.98661, 5);
    expect(scaledSigmoid(3)).toBe(-1);
  });
  it('probationary period is 15% capped at 750 rows', () => {
    expect(probationaryLength(1000)).toBe(150);
    expect(probationaryLength(20000)).toBe(750);
  });
  it('null detector scores 0, perfect detector 100', () => {
    const nul = scoreNabFile(ts, none, windows);
    expect(nul.raw).toBe(-2);
    const perfect = none.slice();
    perfect[400] = true;
    perfect[800] = true;
    const p = scoreNabFile(ts, perfect, windows);
    expect(p.raw).toBeCloseTo(2, 12);
    expect(normalizedNabScore([nul])).toBe(0);
    expect(normalizedNabScore([p])).toBeCloseTo(100, 10);
  });
  it('only the earliest detection in a window counts and late ones earn less', () => {
    const late = none.slice();
    late[440] = true;
    const both = late.slice();
    both[420] = true;
    const sLate = scoreNabFile(ts, late, windows).raw;
    const sBoth = scoreNabFile(ts, both, windows).raw;
    expect(sBoth).toBeGreaterThan(sLate);
    const only420 = none.slice();
    only420[420] = true;
    expect(scoreNabFile(ts, only420, windows).raw).toBeCloseTo(sBoth, 12);
  });
  it('false positives cost A_fp far away, less just after a window, nothing in probation', () => {
    const far = none.slice();
    far[300] = true; // before any window: full −0.11
    expect(scoreNabFile(ts, far, windows).raw).toBeCloseTo(-2.11, 10);
    const near = none.slice();
    near[452] = true; // just after the first window
    const r = scoreNabFile(ts, near, windows).raw;
    expect(r).toBeLessThan(-2);
    expect(r).toBeGreaterThan(-2.11 + 0.05);
    const prob = none.slice();
    prob[10] = true;
    expect(scoreNabFile(ts, prob, windows).raw).toBe(-2);
  });
});
