/** The analyst's period selection as text (queries take the period itself: src/queries/condition.ts). */

export function periodLabel(period: string): string {
  return period === 'all' ? 'All periods' : `${period} (UTC)`;
}
