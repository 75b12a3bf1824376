/** Dates and timestamps are shown in UTC, with the zone written out, never in local time. */

/** 'YYYY-MM-DD' stays as is; an ISO timestamp becomes 'YYYY-MM-DD HH:MM' (UTC implied by column header). */
export function formatTimestampUtc(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::(\d{2}))?/.exec(iso);
  if (!m) return iso;
  if (m[2] === '00:00' && (!m[3] || m[3] === '00')) return m[1];
  return `${m[1]} ${m[2]}${m[3] && m[3] !== '00' ? ':' + m[3] : ''}`;
}

/** A date range for labels: "2024-09-01 – 2024-09-30 UTC". */
export function formatRangeUtc(from: string | null, to: string | null): string {
  if (!from && !to) return '—';
  return `${from ? formatTimestampUtc(from) : '…'} – ${to ? formatTimestampUtc(to) : '…'} UTC`;
}
