import { describe, expect, it } from 'vitest';
import { detectStreaming, StreamingDetector } from '../../../src/analysis/anomaly/streaming';
import { rng } from '../../../src/analysis/anomaly/cost-generator';

const noise = (n: number, seed: number) => {
  const r = rng(seed);
  return Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(Math.max(r(), 1e-12))) * Math.cos(2 * Math.PI * r()));
};

describe('streaming detector', () => {
  it('never looks ahead: decisions on a prefix do not change when the future arrives', () => {
    const x = noise(1500, 1).map((v, i) => 50 + 5 * v + (i > 900 ? 40 : 0));
    const full = detectStreaming(x);
    const prefix = detectStreaming(x.slice(0, 950));
    expect(prefix.map((p) => p.isAnomaly)).toEqual(full.slice(0, 950).map((p) => p.isAnomaly));
    expect(prefix.map((p) => p.score)).toEqual(full.slice(0, 950).map((p) => p.score));
  });
  it('alerts on a level shift within a few points and once per incident', () => {
    const x = noise(1500, 2).map((v, i) => 50 + 2 * v + (i >= 1000 ? 25 : 0));
    const d = detectStreaming(x);
    const alerts = d.map((p, i) => (p.isAnomaly ? i : -1)).filter((i) => i >= 990);
    expect(alerts[0]).toBeGreaterThanOrEqual(1000);
    expect(alerts[0]).toBeLessThan(1005);
    expect(alerts.filter((i) => i >= 1000 && i < 1100)).toHaveLength(1);
  });
  it('one glitch in the reference does not hide a later shift smaller than it', () => {
    // With the min and max as the envelope, the spike at 300 set the top for the next 4000
    // points and the shift at 1000 waited ~20 points for the 64-point mean to clear it.
    const x = noise(1500, 2).map((v, i) => (i === 300 ? 500 : 50 + 2 * v + (i >= 1000 ? 25 : 0)));
    const alerts = detectStreaming(x)
      .map((p, i) => (p.isAnomaly ? i : -1))
      .filter((i) => i >= 990);
    expect(alerts[0]).toBeGreaterThanOrEqual(1000);
    expect(alerts[0]).toBeLessThan(1003);
  });
  it('rarely alerts on stationary Gaussian noise (about one per thousand points) and reports a band around the level', () => {
    const x = noise(3000, 3).map((v) => 100 + 3 * v);
    const d = detectStreaming(x);
    expect(d.filter((p) => p.isAnomaly).length).toBeLessThanOrEqual(4);
    const last = d[d.length - 1];
    expect(last.bandLow).toBeLessThan(100);
    expect(last.bandHigh).toBeGreaterThan(100);
    expect(Math.abs(last.expected - 100)).toBeLessThan(1);
  });
  it('score is 0 inside the envelope and above 0.5 when it alerts', () => {
    const det = new StreamingDetector({ warmup: 50, window: 200, cooldown: 10 });
    for (let i = 0; i < 300; i++) det.push(10 + (i % 3));
    const spike = det.push(60);
    expect(spike.isAnomaly).toBe(true);
    expect(spike.score).toBeGreaterThan(0.5);
    // Once the spike has left every smoothing scale (64 points) the score is back to 0.
    let last = det.push(11);
    for (let i = 0; i < 70; i++) last = det.push(10 + (i % 3));
    expect(last.score).toBe(0);
  });
});
