/** Dates and timestamps are shown in UTC, with the zone written out, never in local time. */

const TS = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::(\d{2}))?/;

/**
 * 'YYYY-MM-DD' stays as is; a timestamp becomes 'YYYY-MM-DD HH:MM:SS' (UTC implied by the column
 * header), seconds always written so every value of a column has the same shape.
 */
export function formatTimestampUtc(iso: string): string {
  const m = TS.exec(iso);
  if (!m) return iso;
  return `${m[1]} ${m[2]}:${m[3] ?? '00'}`;
}

/** Milliseconds since the epoch of a UTC date or timestamp text, or null when it is neither. */
function utcMillis(text: string): number | null {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?/.exec(text);
  if (!m) return null;
  const t = Date.parse(`${m[1]}T${m[2] ?? '00:00'}Z`);
  return Number.isNaN(t) ? null : t;
}

const day = (text: string) => /^\d{4}-\d{2}-\d{2}/.exec(text)?.[0] ?? text;

/**
 * The days a file covers: "2024-09-01 – 2024-09-30 UTC". With `endExclusive` (FOCUS
 * ChargePeriodEnd, invoice service periods) the end is the first instant after the range, so the
 * last day shown is the one before it: 2024-03-01 .. 2024-04-01 reads 2024-03-01 – 2024-03-31.
 */
export function formatRangeUtc(from: string | null, to: string | null, opts: { endExclusive?: boolean } = {}): string {
  if (!from && !to) return '—';
  let last = to ? day(to) : '…';
  const end = to ? utcMillis(to) : null;
  const start = from ? utcMillis(from) : null;
  if (opts.endExclusive && end !== null && (start === null || end > start)) last = new Date(end - 1).toISOString().slice(0, 10);
  return `${from ? day(from) : '…'} – ${last} UTC`;
}
