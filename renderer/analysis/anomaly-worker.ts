/** Worker side of detect-anomalies.ts: the same statistics the CLI runs inline. */
import { detectInline } from '../../src/analysis/anomaly/detect-all';
import type { AnomalyRunOptions } from '../../src/analysis/anomaly/pipeline';
import type { SeriesInput } from '../../src/analysis/anomaly/events';

export interface DetectRequest {
  series: SeriesInput[];
  opts: AnomalyRunOptions;
}

self.onmessage = async (e: MessageEvent<DetectRequest>) => {
  try {
    self.postMessage({ ok: true, ...(await detectInline(e.data.series, e.data.opts)) });
  } catch (err) {
    self.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) });
  }
};
