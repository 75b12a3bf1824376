/**
 * The review queue's sortable columns and their order: amounts compared exactly (minor units
 * scaled across currency exponents, never floats), text by code unit like the results grid,
 * ties broken by proposal id so the order is the same on every render.
 */
import type { ReviewedProposal } from '../../../src/proposals/review';
import { currencyExponent } from '../../../src/model/money';

export type QueueSort = { key: QueueKey; desc: boolean } | null;
export type QueueKey = 'state' | 'direction' | 'customer' | 'sku' | 'period' | 'amount' | 'currency' | 'finding' | 'confidence' | 'memo' | 'decided';

export const QUEUE_COLUMNS: { key: QueueKey; label: string; numeric?: boolean }[] = [
  { key: 'state', label: 'State' },
  { key: 'direction', label: 'Direction' },
  { key: 'customer', label: 'Customer' },
  { key: 'sku', label: 'SKU' },
  { key: 'period', label: 'Period' },
  { key: 'amount', label: 'Amount', numeric: true },
  { key: 'currency', label: 'Cur.' },
  { key: 'finding', label: 'Finding' },
  { key: 'confidence', label: 'Confidence', numeric: true },
  { key: 'decided', label: 'Decided' },
  { key: 'memo', label: 'Memo' },
];

export const customerLabel = (customerId: string): string => customerId || '(no customer)';

const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function compareAmounts(a: ReviewedProposal, b: ReviewedProposal): number {
  const ea = currencyExponent(a.proposal.currency);
  const eb = currencyExponent(b.proposal.currency);
  // a / 10^ea vs b / 10^eb, on bigints.
  const x = a.proposal.amount_minor * 10n ** BigInt(eb);
  const y = b.proposal.amount_minor * 10n ** BigInt(ea);
  return x < y ? -1 : x > y ? 1 : 0;
}

const COMPARE: Record<QueueKey, (a: ReviewedProposal, b: ReviewedProposal) => number> = {
  state: (a, b) => text(a.state, b.state),
  direction: (a, b) => text(a.proposal.direction, b.proposal.direction),
  customer: (a, b) => text(customerLabel(a.proposal.customer_id), customerLabel(b.proposal.customer_id)),
  sku: (a, b) => text(a.proposal.sku, b.proposal.sku),
  period: (a, b) => text(a.proposal.period, b.proposal.period),
  amount: compareAmounts,
  currency: (a, b) => text(a.proposal.currency, b.proposal.currency),
  finding: (a, b) => text(a.proposal.finding_code, b.proposal.finding_code),
  confidence: (a, b) => a.proposal.confidence - b.proposal.confidence,
  memo: (a, b) => text(a.proposal.memo, b.proposal.memo),
  decided: (a, b) => text(a.decided_at, b.decided_at),
};

export function sortQueue(rows: ReviewedProposal[], sort: QueueSort): ReviewedProposal[] {
  if (!sort) return rows;
  const cmp = COMPARE[sort.key];
  return [...rows].sort((a, b) => (sort.desc ? -cmp(a, b) : cmp(a, b)) || text(a.proposal.proposal_id, b.proposal.proposal_id));
}

/** Not sorted → descending → ascending → not sorted, as in the results grid. */
export function nextQueueSort(s: QueueSort, key: QueueKey): QueueSort {
  if (s?.key !== key) return { key, desc: true };
  return s.desc ? { key, desc: false } : null;
}
