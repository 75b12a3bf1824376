/**
 * What an empty tile says when the data exists, just not in the selected period or currency:
 * "No usage in 2024-04 (usage loaded for 2024-03)" rather than asking for a file that is loaded.
 */
import type { CoverageRow, CoverageSource } from '../../../src/queries/overview/coverage';

/** Months as text: up to three listed, more as a range with their count. */
function monthsText(periods: (string | null)[]): string {
  const ms = [...new Set(periods.filter((p): p is string => p !== null))].sort();
  if (ms.length === 0) return 'no dated rows';
  return ms.length <= 3 ? ms.join(', ') : `${ms[0]} to ${ms[ms.length - 1]}, ${ms.length} months`;
}

export interface CoverageAsk {
  source: CoverageSource;
  /** What the tile shows, e.g. 'cost', 'revenue', 'usage'. */
  noun: string;
  /** What the loaded data is called, e.g. 'cost', 'ledger', 'usage'. */
  label: string;
  /** 'all' or 'YYYY-MM'. */
  period: string;
  /** The selected currency, or null for data that carries none (usage events). */
  currency: string | null;
}

/**
 * Null when nothing of that source is loaded (the tile asks for the file) or when some is in
 * scope (the tile is empty for another reason); otherwise where the loaded data lies.
 */
export function coverageText(rows: readonly CoverageRow[], ask: CoverageAsk): string | null {
  const mine = rows.filter((r) => r.source === ask.source && r.n > 0);
  if (mine.length === 0) return null;
  const inPeriod = (r: CoverageRow) => ask.period === 'all' || r.period === ask.period;
  const inCurrency = ask.currency === null ? mine : mine.filter((r) => r.currency === ask.currency);
  if (inCurrency.some(inPeriod)) return null;
  const what = ask.currency === null ? ask.noun : `${ask.currency} ${ask.noun}`;
  const where = ask.period === 'all' ? '' : ` in ${ask.period}`;
  if (inCurrency.length > 0) return `No ${what}${where} (${ask.label} loaded for ${monthsText(inCurrency.map((r) => r.period))})`;
  const others = [...new Set(mine.map((r) => r.currency ?? '(no currency)'))].sort().join(', ');
  const when = mine.some(inPeriod) ? '' : ` for ${monthsText(mine.map((r) => r.period))}`;
  return `No ${what}${where} (${ask.label} loaded in ${others}${when})`;
}
