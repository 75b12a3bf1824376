/** The load progress view: percentages and estimates from measured counts, stage times, and a stall after STALL_MS without progress. */
import { beforeEach, describe, expect, it } from 'vitest';
import { advance, formatBytes, formatDuration, progressView, resetStageRates, STALL_MS } from '../../../renderer/features/data/load-progress';

const T0 = 1_700_000_000_000;

describe('load progress', () => {
  beforeEach(() => resetStageRates());

  it('bytes give a percentage and an estimate from their own rate', () => {
    let job = advance(null, { name: 'a.csv', stage: 'Hashing', queue: 0 }, T0);
    job = advance(job, { name: 'a.csv', stage: 'Hashing', bytes: 1_000, totalBytes: 4_000, queue: 0 }, T0 + 1_000);
    job = advance(job, { name: 'a.csv', stage: 'Hashing', bytes: 2_000, totalBytes: 4_000, queue: 0 }, T0 + 2_000);
    const v = progressView(job, T0 + 2_000);
    expect(v.fraction).toBe(0.5);
    // 2,000 bytes since the byte counts began at T0 + 1 s: 1 s for the other half.
    expect(v.etaMs).toBe(1_000);
    expect(v.etaFrom).toBe('rate');
    expect(v.stalled).toBe(false);
  });

  it('a stage without measured progress is estimated from how long it took per byte before', () => {
    let job = advance(null, { name: 'a.csv', stage: 'Reading', totalBytes: 1_000, queue: 0 }, T0);
    job = advance(job, { name: 'a.csv', stage: 'Totalling', totalBytes: 1_000, queue: 0 }, T0 + 3_000);
    expect(job.stages).toEqual([{ stage: 'Reading', ms: 3_000 }]);
    let next = advance(null, { name: 'b.csv', stage: 'Reading', totalBytes: 2_000, queue: 0 }, T0 + 10_000);
    next = advance(next, { name: 'b.csv', stage: 'Reading', totalBytes: 2_000, queue: 0 }, T0 + 10_000);
    const v = progressView(next, T0 + 11_000);
    expect(v.fraction).toBeNull();
    // 3 ms per byte × 2,000 bytes = 6 s, 1 s of it gone.
    expect(v.etaMs).toBe(5_000);
    expect(v.etaFrom).toBe('earlier loads');
    // A file over ten times larger than any seen before gets no estimate from them.
    const big = advance(null, { name: 'c.csv', stage: 'Reading', totalBytes: 20_001, queue: 0 }, T0 + 20_000);
    expect(progressView(big, T0 + 21_000).etaMs).toBeNull();
  });

  it('no progress for STALL_MS is a stall; the next report ends it', () => {
    let job = advance(null, { name: 'a.csv', stage: 'Reading', queue: 0 }, T0);
    expect(progressView(job, T0 + STALL_MS - 1).stalled).toBe(false);
    expect(progressView(job, T0 + STALL_MS).stalled).toBe(true);
    // The same report again is no progress.
    job = advance(job, { name: 'a.csv', stage: 'Reading', queue: 0 }, T0 + STALL_MS + 500);
    expect(progressView(job, T0 + STALL_MS + 500).stalled).toBe(true);
    job = advance(job, { name: 'a.csv', stage: 'Reading', rows: 10, queue: 0 }, T0 + STALL_MS + 600);
    const v = progressView(job, T0 + STALL_MS + 600);
    expect(v.stalled).toBe(false);
    expect(v.sinceProgressMs).toBe(0);
    expect(v.stageMs).toBe(STALL_MS + 600);
  });

  it("inside one statement the engine's estimate gives the percentage and an estimate, and counts as progress", () => {
    let job = advance(null, { name: 'a.csv', stage: 'Mapping', totalBytes: 8_000, queue: 0 }, T0);
    job = advance(job, { ...job, statementPercent: 25 }, T0 + 2_000);
    const v = progressView(job, T0 + 2_000);
    expect(v.fraction).toBe(0.25);
    expect(v.fromEngine).toBe(true);
    // A quarter in 2 s: 6 s for the rest.
    expect(v.etaMs).toBe(6_000);
    expect(v.etaFrom).toBe('engine');
    // A moving estimate is progress: no stall while it moves.
    job = advance(job, { ...job, statementPercent: 60 }, T0 + STALL_MS + 1_000);
    expect(progressView(job, T0 + STALL_MS + 1_000).stalled).toBe(false);
    // A pipeline report within the stage keeps it; the next stage starts without it.
    job = advance(job, { name: 'a.csv', stage: 'Mapping', rows: 5, queue: 0 }, T0 + STALL_MS + 1_100);
    expect(job.statementPercent).toBe(60);
    job = advance(job, { name: 'a.csv', stage: 'Adding rows', queue: 0 }, T0 + STALL_MS + 1_200);
    expect(job.statementPercent).toBeUndefined();
    expect(progressView(job, T0 + STALL_MS + 1_200).fraction).toBeNull();
  });

  it('a file name made unique mid-load stays the same load', () => {
    const job = advance(null, { name: 'a.csv', stage: 'Hashing', queue: 0 }, T0);
    const next = advance(job, { name: 'a (2).csv', stage: 'Reading', queue: 0 }, T0 + 50);
    expect(next.startedAt).toBe(T0);
    expect(next.stages).toEqual([{ stage: 'Hashing', ms: 50 }]);
  });

  it('formats sizes and durations', () => {
    expect([formatBytes(999), formatBytes(31_400_000), formatBytes(1_234_000_000)]).toEqual(['999 B', '31.4 MB', '1.23 GB']);
    expect([formatDuration(4_400), formatDuration(125_000)]).toEqual(['4 s', '2 min 05 s']);
  });
});
