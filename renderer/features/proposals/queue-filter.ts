/**
 * The review queue's filters: finding, customer, review state, a lowest confidence and a lowest
 * amount. The amount is a major-unit decimal compared exactly with each proposal in its own
 * currency (minor units scaled up, never floats), so "at least 5" means 5 USD and 5 JPY alike.
 */
import type { ReviewedProposal } from '../../../src/proposals/review';
import { currencyExponent, parseDecimal } from '../../../src/model/money';

export interface QueueFilter {
  finding: string;
  customer: string;
  state: string;
  /** Lowest confidence in percent, 0 for any. */
  minConfidence: number;
  /** Lowest amount as typed ('' for any). */
  minAmount: string;
}

export const NO_FILTER: QueueFilter = { finding: '', customer: '', state: '', minConfidence: 0, minAmount: '' };

export const isFiltered = (f: QueueFilter) =>
  f.finding !== NO_FILTER.finding || f.customer !== '' || f.state !== '' || f.minConfidence !== 0 || f.minAmount.trim() !== '';

/** The lowest amount at 18 decimals, null when none is set; throws on text that is not a decimal. */
export function minAmountOf(f: QueueFilter): bigint | null {
  const t = f.minAmount.trim();
  return t === '' ? null : parseDecimal(t, 18, 'half-away');
}

/** Rows passing every set filter; an amount that is not a decimal filters nothing (the field says so). */
export function filterQueue(rows: ReviewedProposal[], f: QueueFilter): ReviewedProposal[] {
  let min: bigint | null = null;
  try {
    min = minAmountOf(f);
  } catch {
    min = null;
  }
  return rows.filter((r) => {
    const p = r.proposal;
    if (f.finding && p.finding_code !== f.finding) return false;
    if (f.customer && p.customer_id !== f.customer) return false;
    if (f.state && r.state !== f.state) return false;
    // Confidence is shown rounded to whole percent: filter on what is shown.
    if (f.minConfidence > 0 && Math.round(p.confidence * 100) < f.minConfidence) return false;
    if (min !== null && p.amount_minor * 10n ** BigInt(18 - currencyExponent(p.currency)) < min) return false;
    return true;
  });
}
