/** The analyst's currency and period over a result table that has `currency` and `period` columns. */
import { allOf, cond, type Condition } from '../condition';

export interface ResultScope {
  currency: string;
  /** 'all' or a period label as the analysis wrote it ('YYYY-MM' for months). */
  period: string;
}

export function resultScope({ currency, period }: ResultScope, opts: { orNoCurrency?: boolean } = {}): Condition {
  return allOf(
    opts.orNoCurrency ? cond('currency = ? OR currency IS NULL', currency) : cond('currency = ?', currency),
    period !== 'all' && cond('period = ?', period),
  );
}
