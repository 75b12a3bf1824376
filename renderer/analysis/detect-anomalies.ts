/**
 * The app's anomaly statistics off the UI thread: the analysis run's series (aggregated by
 * DuckDB in its own worker) go to a dedicated worker, findings and chart points come back.
 * Seasonal ESD / Holt-Winters over dozens of year-long daily series take seconds of pure
 * computation; the UI thread only moves arrays around.
 */
import type { SeriesDetector, DetectedSeries } from '../../src/analysis/anomaly/detect-all';
import type { DetectRequest } from './anomaly-worker';

type WorkerReply = ({ ok: true } & DetectedSeries) | { ok: false; error: string };

export const detectInWorker: SeriesDetector = (series, opts) => {
  const worker = new Worker(new URL('./anomaly-worker.ts', import.meta.url), { type: 'module' });
  return new Promise<DetectedSeries>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<WorkerReply>) => (e.data.ok ? resolve(e.data) : reject(new Error(e.data.error)));
    worker.onerror = (e) => reject(new Error(e.message || 'the anomaly worker failed'));
    worker.postMessage({ series, opts } satisfies DetectRequest);
  }).finally(() => worker.terminate());
};
