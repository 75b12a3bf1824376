/**
 * Anomaly detection, the public surface. Data flow: series-sql (canonical tables -> series) ->
 * detect-series (period, decomposition, S-H-ESD, robust z, Holt-Winters + CUSUM) -> events
 * (debounce, gates, money impact, budget) -> labels and root-cause (pipeline) -> findings and
 * chart data. `streaming` is the online detector (`finops detect` on sub-daily data, NAB).
 */
export { analyzeSeries, type SeriesAnalysis, type SeriesPoint, type DetectOptions, type DetectorMethod } from './detect-series';
export { findingsForSeries, debounce, DEFAULT_EVENTS, type EventOptions, type SeriesInput } from './events';
export { detectInSeries, chartSeries, type ChartSeries, type ChartPoint, type AnomalyRunOptions } from './pipeline';
export {
  detectAnomalies,
  detectFromTables,
  detectInline,
  ANOMALY_PLAN,
  type DetectAllOptions,
  type DetectedSeries,
  type SeriesDetector,
} from './detect-all';
export { loadSeries, keyColumns, type SeriesQuery, type SeriesSource, type Bucket } from './series-sql';
export { MemoryLabelStore, excludedMask, applyLabels, type AnomalyLabel, type LabelStore, type LabelValue } from './labels';
export { contributions } from './root-cause';
export { StreamingDetector, detectStreaming, DEFAULT_STREAMING, type StreamingParams, type StreamingPoint } from './streaming';
