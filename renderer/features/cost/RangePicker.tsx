/**
 * Time range (all data, month, quarter, year to date, last 30/90 days, custom) and granularity,
 * written to the app store so every screen reads the same range.
 */
import { setState, useApp } from '../../app/store';
import { Segmented } from '../../components/Segmented';
import type { DataDays, Granularity, RangeSpec } from '../../../src/queries/cost/time-range';

const PRESETS: { value: RangeSpec['kind'] | 'rolling30' | 'rolling90'; label: string }[] = [
  { value: 'all', label: 'All data' },
  { value: 'month', label: 'Month' },
  { value: 'quarter', label: 'Quarter' },
  { value: 'ytd', label: 'Year to date' },
  { value: 'rolling30', label: 'Last 30 days' },
  { value: 'rolling90', label: 'Last 90 days' },
  { value: 'custom', label: 'Custom range' },
];

const GRANULARITIES: { value: Granularity; label: string }[] = [
  { value: 'day', label: 'Day' },
  { value: 'week', label: 'Week' },
  { value: 'month', label: 'Month' },
];

function presetOf(r: RangeSpec): string {
  return r.kind === 'rolling' ? `rolling${r.days}` : r.kind;
}

/** Calendar months 'YYYY-MM' from the first to the last data day, newest first. */
export function monthsOf(days: DataDays): string[] {
  if (!days.first || !days.last) return [];
  const out: string[] = [];
  let [y, m] = days.first.slice(0, 7).split('-').map(Number);
  const end = days.last.slice(0, 7);
  for (let guard = 0; guard < 1200; guard++) {
    const ym = `${y}-${String(m).padStart(2, '0')}`;
    out.push(ym);
    if (ym >= end) break;
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
  return out.reverse();
}

export function quartersOf(days: DataDays): string[] {
  return [...new Set(monthsOf(days).map((ym) => `${ym.slice(0, 4)}-Q${Math.floor((Number(ym.slice(5)) - 1) / 3) + 1}`))];
}

function specFor(preset: string, days: DataDays, current: RangeSpec): RangeSpec {
  const months = monthsOf(days);
  switch (preset) {
    case 'month':
      return { kind: 'month', month: months[0] ?? new Date().toISOString().slice(0, 7) };
    case 'quarter':
      return { kind: 'quarter', quarter: quartersOf(days)[0] ?? `${new Date().getUTCFullYear()}-Q1` };
    case 'ytd':
      return { kind: 'ytd' };
    case 'rolling30':
      return { kind: 'rolling', days: 30 };
    case 'rolling90':
      return { kind: 'rolling', days: 90 };
    case 'custom':
      return current.kind === 'custom' ? current : { kind: 'custom', from: days.first ?? '', to: days.last ?? '' };
    default:
      return { kind: 'all' };
  }
}

export function RangePicker({ days }: { days: DataDays }) {
  const range = useApp((s) => s.range);
  const granularity = useApp((s) => s.granularity);
  const set = (r: RangeSpec) => setState(r.kind === 'month' ? { range: r, period: r.month } : { range: r });
  return (
    <div className="toolbar" role="group" aria-label="Time range">
      <label>
        Range{' '}
        <select aria-label="Range" value={presetOf(range)} onChange={(e) => set(specFor(e.target.value, days, range))}>
          {PRESETS.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      {range.kind === 'month' && (
        <select aria-label="Month" value={range.month} onChange={(e) => set({ kind: 'month', month: e.target.value })}>
          {monthsOf(days).map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
      )}
      {range.kind === 'quarter' && (
        <select aria-label="Quarter" value={range.quarter} onChange={(e) => set({ kind: 'quarter', quarter: e.target.value })}>
          {quartersOf(days).map((q) => (
            <option key={q}>{q}</option>
          ))}
        </select>
      )}
      {range.kind === 'custom' && (
        <>
          <input type="date" aria-label="From" value={range.from} onChange={(e) => set({ ...range, from: e.target.value })} />
          <span aria-hidden="true">–</span>
          <input type="date" aria-label="To" value={range.to} onChange={(e) => set({ ...range, to: e.target.value })} />
        </>
      )}
      <Segmented label="Granularity" options={GRANULARITIES} value={granularity} onChange={(g) => setState({ granularity: g })} />
    </div>
  );
}
