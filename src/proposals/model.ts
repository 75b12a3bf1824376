/**
 * An adjustment proposal: one credit or debit memo line that finance may issue, with the reason
 * codes billing systems take, the evidence behind it and a confidence. Amounts are exact integer
 * minor units (bigint) beside a currency; the direction carries the sign, the amount is >= 0.
 */

/** credit = the customer was over-billed (credit note); debit = under-billed (one-off invoice item). */
export type Direction = 'credit' | 'debit';

/** Our own finding codes: what went wrong, independent of any billing system's vocabulary. */
export type FindingCode =
  | 'duplicate_event'
  | 'suspected_duplicate'
  | 'overbilled_quantity'
  | 'underbilled_quantity'
  | 'unbilled_usage'
  | 'billed_without_usage'
  | 'rate_mismatch'
  | 'late_event'
  | 'outside_subscription'
  | 'unattributed_usage'
  | 'fraud_suspected'
  | 'anomaly_confirmed'
  | 'netted';

export const FINDING_CODES: readonly FindingCode[] = [
  'duplicate_event',
  'suspected_duplicate',
  'overbilled_quantity',
  'underbilled_quantity',
  'unbilled_usage',
  'billed_without_usage',
  'rate_mismatch',
  'late_event',
  'outside_subscription',
  'unattributed_usage',
  'fraud_suspected',
  'anomaly_confirmed',
  'netted',
];

export type StripeReason = 'duplicate' | 'fraudulent' | 'order_change' | 'product_unsatisfactory';
export type LagoReason = 'duplicated_charge' | 'product_unsatisfactory' | 'order_change' | 'order_cancellation' | 'fraudulent_charge' | 'other';
export type ChargebeeReason =
  | 'write_off'
  | 'subscription_change'
  | 'subscription_cancellation'
  | 'subscription_pause'
  | 'chargeback'
  | 'product_unsatisfactory'
  | 'service_unsatisfactory'
  | 'order_change'
  | 'order_cancellation'
  | 'waiver'
  | 'other'
  | 'fraudulent';

/** Where a number came from: a source file and row, or an id of a finding/event/invoice line. */
export interface EvidenceRef {
  kind: 'reconciliation' | 'event' | 'anomaly' | 'fraud' | 'source_row' | 'invoice_line' | 'proposal';
  /** Source file and 1-based row when known. */
  file?: string;
  row?: number;
  /** An id: event id, anomaly id, fraud finding id, invoice line id, constituent proposal id. */
  id?: string;
  /** One line of human-readable detail (e.g. "metered 1200, billed 1500 at 0.01"). */
  detail?: string;
}

export interface Proposal {
  proposal_id: string;
  direction: Direction;
  customer_id: string;
  sku: string;
  /** Original service period ('YYYY-MM' or a date range), named on debits so the customer sees it. */
  period: string;
  currency: string;
  /** Exact amount in minor units, >= 0; `direction` carries the sign. */
  amount_minor: bigint;
  /** billed − metered for the quantity behind the amount, as a decimal string ('' when n/a). */
  quantity_delta: string;
  finding_code: FindingCode;
  reason_stripe: StripeReason | null;
  reason_lago: LagoReason | null;
  reason_chargebee: ChargebeeReason | null;
  /** Target invoice / invoice line (Stripe il_..., Lago fee id) when known. */
  invoice_id: string | null;
  line_id: string | null;
  memo: string;
  evidence: EvidenceRef[];
  /** 0..1: how sure we are this memo is right (exact reconciliation is high, statistics lower). */
  confidence: number;
  /** Optional time range of the underlying events, ISO; used by incident reports. */
  window_start?: string;
  window_end?: string;
}

/** A proposal before its id, reason codes and memo are derived. */
export type Draft = Omit<Proposal, 'proposal_id' | 'reason_stripe' | 'reason_lago' | 'reason_chargebee' | 'memo'> & {
  /** The evidence the id hashes: what identifies this finding, independent of field order. */
  basis: unknown;
};

/** +amount for debits (customer owes us), −amount for credits (we owe the customer). */
export function signedMinor(p: Pick<Proposal, 'direction' | 'amount_minor'>): bigint {
  return p.direction === 'debit' ? p.amount_minor : -p.amount_minor;
}

export interface CurrencyTotal {
  currency: string;
  credit_minor: bigint;
  debit_minor: bigint;
  /** debit − credit */
  net_minor: bigint;
  credit_count: number;
  debit_count: number;
}

/** Per-currency totals, never added across currencies; sorted by currency code. */
export function totalsByCurrency(proposals: Iterable<Pick<Proposal, 'currency' | 'direction' | 'amount_minor'>>): CurrencyTotal[] {
  const map = new Map<string, CurrencyTotal>();
  for (const p of proposals) {
    let t = map.get(p.currency);
    if (!t) {
      t = { currency: p.currency, credit_minor: 0n, debit_minor: 0n, net_minor: 0n, credit_count: 0, debit_count: 0 };
      map.set(p.currency, t);
    }
    if (p.direction === 'credit') {
      t.credit_minor += p.amount_minor;
      t.credit_count++;
    } else {
      t.debit_minor += p.amount_minor;
      t.debit_count++;
    }
    t.net_minor = t.debit_minor - t.credit_minor;
  }
  return [...map.values()].sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
}
