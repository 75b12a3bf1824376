/**
 * Turns flagged points into findings: a run of flagged points (gaps up to `mergeGap` allowed)
 * is one event; each event carries actual, expected, band, impact (money when the series is
 * money), the firing method and its baseline; events under the absolute or % gate are dropped,
 * the rest are ranked by impact and capped by the alert budget.
 */
import type { AnomalyFinding } from '../../model/findings';
import type { SeriesAnalysis } from './detect-series';
import { absMinor, moneyImpact } from './money-impact';

export interface SeriesInput {
  key: string;
  dimensions: Record<string, string>;
  timestampsMs: number[];
  values: number[];
  /** Exact amounts per point (decimal strings) when the series is money. */
  amounts?: string[];
  currency?: string | null;
}

export interface EventOptions {
  /** Flagged points separated by at most this many unflagged points merge into one event. */
  mergeGap: number;
  /** Minimum |actual − expected| over the event, in series units. */
  minAbsImpact: number;
  /** Minimum |impact| / |expected| over the event. */
  minPctImpact: number;
  /** Maximum findings returned (per call), highest impact first. */
  budget: number;
  /** Bucket label: 'day' prints dates, 'hour' prints ISO timestamps. */
  bucket: 'day' | 'hour';
}

// Gates: an event must move the series by at least 1 unit (a dollar, a call) and 20% so tiny
// series and ordinary noise stay quiet; both are settings.
// Scores are multiples of the firing test's threshold; past 50 the number says nothing more (a
// deviation from a flat zero baseline divides by almost nothing), so findings report at most 50.
export const SCORE_CAP = 50;

export const DEFAULT_EVENTS: EventOptions = { mergeGap: 1, minAbsImpact: 1, minPctImpact: 0.2, budget: 50, bucket: 'day' };

export interface RawEvent {
  startIndex: number;
  endIndex: number;
  actual: number;
  expected: number;
  bandLow: number;
  bandHigh: number;
  score: number;
  method: string;
}

/** Debounces flagged points into events (no gates). */
export function debounce(analysis: SeriesAnalysis, mergeGap = DEFAULT_EVENTS.mergeGap): RawEvent[] {
  const pts = analysis.points;
  const out: RawEvent[] = [];
  let cur: RawEvent | null = null;
  let lastFlag = -Infinity;
  let lastMissing = -Infinity;
  for (let i = 0; i < pts.length; i++) {
    const p = pts[i];
    if (!Number.isFinite(p.value)) lastMissing = i;
    if (!p.isAnomaly) continue;
    // A run breaks on a gap, on a bucket no file covers, or when the deviation changes side (a
    // spike and the dip after it are two events, not one that nets to nothing).
    const up = p.value >= p.expected;
    // An unflagged point between two flagged ones joins the run only on the run's side: a
    // spike the test let pass between two low days would turn two drops into one "rise".
    let otherSide = false;
    if (cur) for (let j = cur.endIndex + 1; j < i; j++) if (pts[j].value >= pts[j].expected !== up) otherSide = true;
    if (!cur || i - lastFlag - 1 > mergeGap || lastMissing > lastFlag || up !== cur.actual >= cur.expected || otherSide) {
      cur = { startIndex: i, endIndex: i, actual: 0, expected: 0, bandLow: 0, bandHigh: 0, score: 0, method: p.method ?? '' };
      out.push(cur);
    } else {
      // Unflagged points inside the run belong to the event too.
      for (let j = cur.endIndex + 1; j < i; j++) add(cur, pts[j]);
    }
    add(cur, p);
    cur.endIndex = i;
    if (p.score > cur.score) {
      cur.score = p.score;
      cur.method = p.method ?? cur.method;
    }
    lastFlag = i;
  }
  return out;
}

function add(e: RawEvent, p: SeriesAnalysis['points'][number]): void {
  e.actual += p.value;
  e.expected += p.expected;
  e.bandLow += p.bandLow;
  e.bandHigh += p.bandHigh;
}

function fmtTs(ms: number, bucket: 'day' | 'hour'): string {
  const iso = new Date(ms).toISOString();
  return bucket === 'day' ? iso.slice(0, 10) : iso;
}

const METHOD_TEXT: Record<string, string> = {
  'seasonal-esd': 'seasonal hybrid ESD on the residual after season and median',
  'robust-z': 'robust z against the same phase of previous seasons',
  'holt-winters': 'outside the Holt-Winters forecast band',
  'level-shift': 'level shift (CUSUM on Holt-Winters errors)',
};

/** Findings for one analysed series, gated, ranked by |impact| and capped by the budget. */
export function findingsForSeries(series: SeriesInput, analysis: SeriesAnalysis, options: Partial<EventOptions> = {}): AnomalyFinding[] {
  const o = { ...DEFAULT_EVENTS, ...options };
  const events = debounce(analysis, o.mergeGap);
  const out: (AnomalyFinding & { rank: bigint | number })[] = [];
  const period = analysis.period;
  for (const e of events) {
    const impactNum = e.actual - e.expected;
    const pct = e.expected !== 0 ? impactNum / Math.abs(e.expected) : impactNum === 0 ? 0 : Infinity;
    if (Math.abs(impactNum) < o.minAbsImpact || Math.abs(pct) < o.minPctImpact) continue;
    let impact: string | null = null;
    let rank: bigint | number = Math.abs(impactNum);
    const currency = series.currency ?? null;
    if (series.amounts && currency) {
      const m = moneyImpact(series.amounts.slice(e.startIndex, e.endIndex + 1), e.expected, currency);
      impact = m.impact;
      rank = absMinor(m.impact, currency);
    }
    const start = fmtTs(series.timestampsMs[e.startIndex], o.bucket);
    const end = fmtTs(series.timestampsMs[e.endIndex], o.bucket);
    const days = e.endIndex - e.startIndex + 1;
    const baseline = period >= 2 ? `season of ${period} points` : 'no season found';
    out.push({
      id: `${series.key}@${start}`,
      series_key: series.key,
      dimensions: series.dimensions,
      start,
      end,
      actual: e.actual,
      expected: e.expected,
      band_low: e.bandLow,
      band_high: e.bandHigh,
      impact,
      currency,
      // From a zero baseline the relative change is unbounded: reported as ±100%, never Infinity.
      impact_pct: Number.isFinite(pct) ? pct : Math.sign(impactNum),
      score: Math.min(e.score, SCORE_CAP),
      method: e.method,
      explanation:
        `${METHOD_TEXT[e.method] ?? e.method}: ${days} point${days > 1 ? 's' : ''} from ${start}, actual ${round(e.actual)} vs expected ` +
        `${round(e.expected)} (band ${round(e.bandLow)}…${round(e.bandHigh)}, ${Number.isFinite(pct) ? `${pct >= 0 ? '+' : ''}${(pct * 100).toFixed(1)}%` : 'from a zero baseline'}); baseline: ${baseline}`,
      baseline_window: {
        start: fmtTs(series.timestampsMs[0], o.bucket),
        end: fmtTs(series.timestampsMs[series.timestampsMs.length - 1], o.bucket),
        period,
      },
      rank,
    });
  }
  return rankFindings(out, o.budget);
}

/** Findings re-ranked after money was added to some: |impact| in minor units when priced, else |actual − expected|. */
export function rankByImpact(list: readonly AnomalyFinding[]): AnomalyFinding[] {
  return rankFindings(
    list.map((f) => ({ ...f, rank: f.impact !== null && f.currency ? absMinor(f.impact, f.currency) : Math.abs(f.actual - f.expected) })),
    list.length,
  );
}

/** Highest |impact| first (money in minor units when present), then score; keeps `budget`. */
export function rankFindings<T extends AnomalyFinding & { rank?: bigint | number }>(list: T[], budget: number): AnomalyFinding[] {
  const sorted = [...list].sort((a, b) => {
    const ra = a.rank ?? Math.abs(a.actual - a.expected);
    const rb = b.rank ?? Math.abs(b.actual - b.expected);
    if (ra !== rb) return ra > rb ? -1 : 1;
    return b.score - a.score;
  });
  return sorted.slice(0, budget).map((f) => {
    const copy = { ...f };
    delete copy.rank;
    return copy;
  });
}

// Positional notation only (never "3.500e-12" or "4.2e+22"): whole numbers from 100 up, else four
// significant digits with their trailing zeros, as toPrecision(4) wrote them.
const WHOLE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0, useGrouping: false });
const FOUR_DIGITS = new Intl.NumberFormat('en-US', { minimumSignificantDigits: 4, maximumSignificantDigits: 4, useGrouping: false });

function round(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return (Math.abs(x) >= 100 ? WHOLE : FOUR_DIGITS).format(x).replace(/^-0(\.0+)?$/, '0$1');
}
