/**
 * Reporting periods in UTC (the engine runs without time zones): calendar month 'YYYY-MM'
 * (default), ISO week 'YYYY-Www' or day 'YYYY-MM-DD'. SQL builders for the label and its start.
 */
import type { PeriodGranularity } from '../../model/mappings';

const FORMAT: Record<PeriodGranularity, string> = { month: '%Y-%m', week: '%G-W%V', day: '%Y-%m-%d' };

export function periodStartSql(g: PeriodGranularity, tsExpr: string): string {
  return `date_trunc('${g}', ${tsExpr})`;
}

export function periodLabelSql(g: PeriodGranularity, tsExpr: string): string {
  return `strftime(${periodStartSql(g, tsExpr)}, '${FORMAT[g]}')`;
}

/** The label of an already truncated period start (aggregate on the timestamp, label the result). */
export function periodFormatSql(g: PeriodGranularity, startExpr: string): string {
  return `strftime(${startExpr}, '${FORMAT[g]}')`;
}
