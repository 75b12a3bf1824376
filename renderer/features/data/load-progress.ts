/**
 * What the load progress shows, from the job the queue keeps: bytes and rows with a percentage
 * where one is measured (bytes hashed, Parquet row groups), an estimate of the time left in the
 * stage (from its own rate, or from how long the same stage took per byte in earlier loads), the
 * stages done with their times, and whether the load is stalled: no progress for STALL_MS. Inside
 * one statement, the native engine's own estimate of it (statementPercent) stands in for bytes.
 * Pure: `now` is passed in, so the same job gives the same view.
 */
import type { LoadJob } from '../../app/store';

/** No progress for this long is shown as a stall, not as progress. */
export const STALL_MS = 10_000;

/**
 * Milliseconds per byte each stage took in earlier loads of this window, from the largest file
 * seen (a small file's time is mostly fixed cost: its rate would overstate a big file's).
 */
const stageRates = new Map<string, { rate: number; size: number }>();

export interface ProgressView {
  /** 0..1 when the stage measures its progress, else null. */
  fraction: number | null;
  /** Milliseconds left in this stage, when it can be estimated. */
  etaMs: number | null;
  /** Where the estimate comes from. */
  etaFrom: 'rate' | 'earlier loads' | 'engine' | null;
  /** The fraction is the engine's estimate of its running statement, not bytes counted. */
  fromEngine: boolean;
  stageMs: number;
  sinceProgressMs: number;
  stalled: boolean;
}

/** The job after a progress report: a new stage starts its clock and closes the previous one. */
export function advance(job: LoadJob | null, patch: Omit<LoadJob, 'queue'> & { queue: number }, now: number): LoadJob {
  // The queue passes null for a file's first report: a job here is the same load (its name may change once, when made unique).
  const same = job !== null;
  const newStage = !same || job.stage !== patch.stage;
  const stages = same ? [...(job.stages ?? [])] : [];
  if (same && newStage && job.stageStartedAt !== undefined) {
    const ms = now - job.stageStartedAt;
    stages.push({ stage: job.stage, ms });
    const size = job.totalBytes ?? patch.totalBytes;
    if (size && size >= (stageRates.get(job.stage)?.size ?? 0)) stageRates.set(job.stage, { rate: ms / size, size });
  }
  const moved =
    !same ||
    newStage ||
    patch.bytes !== job.bytes ||
    patch.rows !== job.rows ||
    patch.totalBytes !== job.totalBytes ||
    patch.expectedRows !== job.expectedRows ||
    (patch.statementPercent !== undefined && patch.statementPercent !== job.statementPercent);
  return {
    ...patch,
    totalBytes: patch.totalBytes ?? (same ? job.totalBytes : undefined),
    expectedRows: patch.expectedRows ?? (same ? job.expectedRows : undefined),
    // The engine's estimate belongs to the statement of this stage: a new stage starts without one.
    statementPercent: patch.statementPercent ?? (same && !newStage ? job.statementPercent : undefined),
    startedAt: same ? (job.startedAt ?? now) : now,
    stageStartedAt: newStage ? now : (job.stageStartedAt ?? now),
    updatedAt: moved ? now : (job.updatedAt ?? now),
    // A run of byte counts starts its own clock (hashing, then Parquet row groups), for the rate.
    measuredFrom:
      patch.bytes === undefined
        ? undefined
        : same && job.bytes !== undefined && patch.bytes >= job.bytes && job.measuredFrom !== undefined
          ? job.measuredFrom
          : now,
    stages,
  };
}

export function progressView(job: LoadJob, now: number, stallMs = STALL_MS): ProgressView {
  const stageMs = now - (job.stageStartedAt ?? now);
  const sinceProgressMs = now - (job.updatedAt ?? now);
  let fraction: number | null = null;
  if (job.bytes !== undefined && job.totalBytes) fraction = Math.min(1, job.bytes / job.totalBytes);
  let etaMs: number | null = null;
  let etaFrom: ProgressView['etaFrom'] = null;
  const measuredMs = now - (job.measuredFrom ?? now);
  if (fraction !== null && fraction > 0 && fraction < 1 && measuredMs > 0) {
    etaMs = Math.round((measuredMs / fraction) * (1 - fraction));
    etaFrom = 'rate';
  } else if (fraction === null && job.statementPercent !== undefined) {
    fraction = Math.min(1, job.statementPercent / 100);
    // The statement started with its stage: the rest at the rate so far.
    if (fraction > 0 && fraction < 1 && stageMs > 0) {
      etaMs = Math.round((stageMs / fraction) * (1 - fraction));
      etaFrom = 'engine';
    }
  } else if (fraction === null && job.totalBytes && (stageRates.get(job.stage)?.size ?? 0) * 10 >= job.totalBytes) {
    // Only a file of comparable size says how long this one takes (fixed costs dominate small ones).
    etaMs = Math.max(0, Math.round(stageRates.get(job.stage)!.rate * job.totalBytes - stageMs));
    etaFrom = 'earlier loads';
  }
  const fromEngine = !(job.bytes !== undefined && job.totalBytes) && job.statementPercent !== undefined;
  return { fraction, etaMs, etaFrom, fromEngine, stageMs, sinceProgressMs, stalled: sinceProgressMs >= stallMs };
}

/** "3.4 MB", "812 KB", "1.20 GB" (decimal units, as file managers show sizes). */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1e6) return `${(n / 1e3).toFixed(0)} KB`;
  if (n < 1e9) return `${(n / 1e6).toFixed(1)} MB`;
  return `${(n / 1e9).toFixed(2)} GB`;
}

/** "45 s", "2 min 05 s". */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** Forgets the learned stage rates (tests). */
export function resetStageRates(): void {
  stageRates.clear();
}
