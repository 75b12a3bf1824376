/**
 * The reporting-currency view shared by Margin and Overview: which converted margin is on show,
 * the note of the rates behind it, and the one click back to the native currencies.
 */
import type { ReportingMargin, ReportingMarginRow } from '../../../src/analysis/fx/reporting-margin';
import { setState, useApp } from '../../app/store';
import { formatCount } from '../../lib/format-money';

/** The converted margin when a reporting currency is chosen and the last run converted to it, else null (native view). */
export function useReporting(): ReportingMargin | null {
  const want = useApp((s) => s.reportingCurrency);
  const rep = useApp((s) => s.analysis?.reporting ?? null);
  return want && rep && rep.currency === want ? rep : null;
}

/** The all-currency total for the period ('all' = every period), in the reporting currency. */
export function reportingTotal(r: ReportingMargin, period: string): ReportingMarginRow | null {
  return period === 'all' ? r.total : (r.rows.find((x) => x.level === 'period' && x.period === period) ?? null);
}

export function ReportingNote({ r }: { r: ReportingMargin }) {
  const natives = r.total?.native_currencies.split(' ').filter((c) => c && c !== r.currency) ?? [];
  return (
    <div className="card" data-testid="fx-note" role="note" style={{ marginBottom: 10 }}>
      <strong>Converted to {r.currency}</strong>
      {natives.length ? ` from ${natives.join(', ')}` : ''} with the rates in {r.rates.files.join(', ') || '(none needed)'}
      {r.rates.first
        ? ` dated ${r.rates.first}${r.rates.last !== r.rates.first ? ` to ${r.rates.last}` : ''} (${formatCount(r.rates.used)} rate dates)`
        : ''}
      : each row at the latest rate on or before its own date (at most {r.maxAgeDays} days old; cross rates via EUR), each figure rounded once to{' '}
      {r.currency}. The rate and rate date of every converted currency-day are in the analysis_fx_conversions table.{' '}
      <button type="button" className="btn" onClick={() => setState({ reportingCurrency: '' })}>
        Show native currencies
      </button>
    </div>
  );
}
