/**
 * The analyst's time range (month, quarter, year to date, rolling 30/90 days, custom, all) and
 * granularity, resolved to a half-open UTC day span [from, to) and the period it is compared with.
 * Rolling and year-to-date ranges end on the last day that has data, not on today: exports are
 * history, and "the last 30 days" of a March export means March.
 */

export type Granularity = 'day' | 'week' | 'month';

export type RangeSpec =
  | { kind: 'all' }
  | { kind: 'month'; month: string /* YYYY-MM */ }
  | { kind: 'quarter'; quarter: string /* YYYY-Qn */ }
  | { kind: 'ytd' }
  | { kind: 'rolling'; days: 30 | 90 }
  | { kind: 'custom'; from: string; to: string /* YYYY-MM-DD, both inclusive */ };

/** Half-open span of UTC days: from <= day < to, both 'YYYY-MM-DD'. */
export interface DaySpan {
  from: string;
  to: string;
}

/** The first and last day that hold data ('YYYY-MM-DD'), null when there is none. */
export interface DataDays {
  first: string | null;
  last: string | null;
}

const DAY_MS = 86_400_000;

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function ms(d: string): number {
  return Date.parse(`${d}T00:00:00Z`);
}

export function addDays(d: string, n: number): string {
  return day(ms(d) + n * DAY_MS);
}

function addMonths(d: string, n: number): string {
  const t = new Date(ms(d));
  return day(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + n, t.getUTCDate()));
}

export function daysBetween(span: DaySpan): number {
  return Math.round((ms(span.to) - ms(span.from)) / DAY_MS);
}

function quarterStart(q: string): string | null {
  const m = /^(\d{4})-Q([1-4])$/.exec(q);
  return m ? `${m[1]}-${String((Number(m[2]) - 1) * 3 + 1).padStart(2, '0')}-01` : null;
}

const isDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && day(ms(s)) === s;

/** The span a range covers; null for 'all' or when it needs data days and there are none. */
export function resolveRange(spec: RangeSpec, data: DataDays): DaySpan | null {
  switch (spec.kind) {
    case 'all':
      return data.first && data.last ? { from: data.first, to: addDays(data.last, 1) } : null;
    case 'month': {
      if (!/^\d{4}-\d{2}$/.test(spec.month)) return null;
      const from = `${spec.month}-01`;
      return { from, to: addMonths(from, 1) };
    }
    case 'quarter': {
      const from = quarterStart(spec.quarter);
      return from ? { from, to: addMonths(from, 3) } : null;
    }
    case 'ytd':
      return data.last ? { from: `${data.last.slice(0, 4)}-01-01`, to: addDays(data.last, 1) } : null;
    case 'rolling':
      return data.last ? { from: addDays(data.last, 1 - spec.days), to: addDays(data.last, 1) } : null;
    case 'custom':
      return isDay(spec.from) && isDay(spec.to) && spec.from <= spec.to ? { from: spec.from, to: addDays(spec.to, 1) } : null;
  }
}

/**
 * The period a range is compared with: the previous calendar month or quarter, the same days a
 * year earlier for year to date, otherwise the same number of days just before.
 */
export function previousSpan(spec: RangeSpec, span: DaySpan): DaySpan {
  switch (spec.kind) {
    case 'month':
      return { from: addMonths(span.from, -1), to: span.from };
    case 'quarter':
      return { from: addMonths(span.from, -3), to: span.from };
    case 'ytd':
      return { from: addMonths(span.from, -12), to: addMonths(span.to, -12) };
    default:
      return { from: addDays(span.from, -daysBetween(span)), to: span.from };
  }
}

/** Bucket start days from span.from to span.to (exclusive) as DuckDB's date_trunc names them (weeks start on Monday). */
export function bucketsOf(span: DaySpan, granularity: Granularity): string[] {
  const out: string[] = [];
  let b = truncateDay(span.from, granularity);
  for (let guard = 0; b < span.to && guard < 5000; guard++) {
    out.push(b);
    b = granularity === 'day' ? addDays(b, 1) : granularity === 'week' ? addDays(b, 7) : addMonths(b, 1);
  }
  return out;
}

export function truncateDay(d: string, granularity: Granularity): string {
  if (granularity === 'day') return d;
  if (granularity === 'month') return `${d.slice(0, 7)}-01`;
  const weekday = (new Date(ms(d)).getUTCDay() + 6) % 7; // Monday = 0
  return addDays(d, -weekday);
}

/** "1 Mar 2024 – 31 Mar 2024" for a span (inclusive end day shown). */
export function spanLabel(span: DaySpan): string {
  const f = (d: string) => new Date(ms(d)).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  return `${f(span.from)} – ${f(addDays(span.to, -1))}`;
}
