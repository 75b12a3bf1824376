/**
 * Anomaly statistics off the UI thread: the series (already aggregated by DuckDB in its own
 * worker) come in, findings and chart points go out. Seasonal ESD / Holt-Winters over dozens of
 * year-long daily series take seconds of pure computation.
 */
import { detectInSeries, type AnomalyRunOptions } from '../../src/analysis/anomaly/pipeline';
import type { SeriesInput } from '../../src/analysis/anomaly/events';

export interface DetectRequest {
  series: SeriesInput[];
  opts: AnomalyRunOptions;
}

self.onmessage = (e: MessageEvent<DetectRequest>) => {
  try {
    const run = detectInSeries(e.data.series, e.data.opts);
    const periods = Object.fromEntries([...run.analyses].map(([k, a]) => [k, a.period]));
    self.postMessage({ ok: true, findings: run.findings, charts: run.charts, periods });
  } catch (err) {
    self.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) });
  }
};
