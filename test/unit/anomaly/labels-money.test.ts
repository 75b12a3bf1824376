import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonFileLabelStore } from '../../../src/analysis/anomaly/node-label-store';
import { applyLabels, excludedMask } from '../../../src/analysis/anomaly/labels';
import { moneyImpact } from '../../../src/analysis/anomaly/money-impact';
import type { AnomalyFinding } from '../../../src/model/findings';

const dir = mkdtempSync(join(tmpdir(), 'finops-labels-'));

describe('label store (JSON file)', () => {
  it('persists, replaces by (series, start), survives a reopen, and rejects bad labels', async () => {
    const path = join(dir, 'labels.json');
    const a = new JsonFileLabelStore(path);
    await a.put({ series_key: 'k', start: '2025-03-01', end: '2025-03-02', label: 'planned', note: 'migration', at: '2025-03-05T10:00:00Z' });
    await a.put({ series_key: 'k', start: '2025-03-01', end: '2025-03-03', label: 'true', at: '2025-03-06T10:00:00Z' });
    const b = new JsonFileLabelStore(path);
    expect(await b.list('k')).toEqual([{ series_key: 'k', start: '2025-03-01', end: '2025-03-03', label: 'true', at: '2025-03-06T10:00:00Z' }]);
    await expect(b.put({ series_key: 'k', start: '2025-03-05', end: '2025-03-01', label: 'true', at: '' })).rejects.toThrow(/must not be after/);
    expect(await b.remove('k', '2025-03-01')).toBe(true);
    expect(JSON.parse(readFileSync(path, 'utf8')).labels).toEqual([]);
    writeFileSync(join(dir, 'bad.json'), '{"labels": 3}');
    expect(() => new JsonFileLabelStore(join(dir, 'bad.json'))).toThrow(/expected/);
  });
  it('true/planned labels mask points; false labels suppress the same event', () => {
    const day = (d: number) => Date.UTC(2025, 2, d);
    const labels = [
      { series_key: 'k', start: '2025-03-02', end: '2025-03-03', label: 'planned' as const, at: '' },
      { series_key: 'k', start: '2025-03-05', end: '2025-03-05', label: 'false' as const, at: '' },
    ];
    expect(excludedMask(labels, 'k', [day(1), day(2), day(3), day(4), day(5)])).toEqual([false, true, true, false, false]);
    const f = (start: string) => ({ series_key: 'k', start, end: start }) as AnomalyFinding;
    const out = applyLabels([f('2025-03-02'), f('2025-03-05'), f('2025-03-09')], labels);
    expect(out.map((x) => [x.start, x.label])).toEqual([
      ['2025-03-02', 'planned'],
      ['2025-03-09', undefined],
    ]);
  });
});

describe('money impact', () => {
  it('sums actual amounts exactly and rounds the difference once to minor units', () => {
    // 0.1 + 0.2 in floats is 0.30000000000000004; in decimals it is exactly 0.3.
    const r = moneyImpact(['0.1', '0.2', '100.005'], 50.0025, 'USD');
    expect(r.actual).toBe('100.31'); // 100.305 rounded half away from zero
    expect(r.impact).toBe('50.30'); // 100.305 − 50.0025 = 50.3025 -> 50.30
    expect(moneyImpact(['1000'], 1500.5, 'JPY').impact).toBe('-501'); // −500.5 -> −501 (half away)
    expect(moneyImpact(['1.0005'], 0, 'KWD').impact).toBe('1.001');
  });
});
