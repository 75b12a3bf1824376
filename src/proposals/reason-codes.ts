/**
 * Our finding codes -> the credit-note reason vocabularies of Stripe, Lago and Chargebee.
 * Reasons exist only on credit notes; a debit becomes an invoice item, which carries none.
 */
import type { ChargebeeReason, Direction, FindingCode, LagoReason, StripeReason } from './model';

export interface ReasonCodes {
  stripe: StripeReason | null;
  lago: LagoReason | null;
  chargebee: ChargebeeReason | null;
}

/** Credit reasons per finding. Quantity/rate corrections are an "order change" in all three. */
const CREDIT_REASONS: Record<FindingCode, ReasonCodes> = {
  duplicate_event: { stripe: 'duplicate', lago: 'duplicated_charge', chargebee: 'other' },
  suspected_duplicate: { stripe: 'duplicate', lago: 'duplicated_charge', chargebee: 'other' },
  overbilled_quantity: { stripe: 'order_change', lago: 'order_change', chargebee: 'order_change' },
  underbilled_quantity: { stripe: 'order_change', lago: 'order_change', chargebee: 'order_change' },
  unbilled_usage: { stripe: 'order_change', lago: 'order_change', chargebee: 'order_change' },
  billed_without_usage: { stripe: 'order_change', lago: 'order_change', chargebee: 'order_change' },
  rate_mismatch: { stripe: 'order_change', lago: 'order_change', chargebee: 'order_change' },
  late_event: { stripe: 'order_change', lago: 'order_change', chargebee: 'order_change' },
  outside_subscription: { stripe: 'order_change', lago: 'order_cancellation', chargebee: 'subscription_cancellation' },
  unattributed_usage: { stripe: null, lago: 'other', chargebee: 'other' },
  fraud_suspected: { stripe: 'fraudulent', lago: 'fraudulent_charge', chargebee: 'fraudulent' },
  anomaly_confirmed: { stripe: 'product_unsatisfactory', lago: 'product_unsatisfactory', chargebee: 'service_unsatisfactory' },
  netted: { stripe: 'order_change', lago: 'other', chargebee: 'other' },
};

const NONE: ReasonCodes = { stripe: null, lago: null, chargebee: null };

export function reasonCodes(code: FindingCode, direction: Direction): ReasonCodes {
  return direction === 'credit' ? CREDIT_REASONS[code] : NONE;
}

export const STRIPE_REASONS: readonly StripeReason[] = ['duplicate', 'fraudulent', 'order_change', 'product_unsatisfactory'];
export const LAGO_REASONS: readonly LagoReason[] = [
  'duplicated_charge',
  'product_unsatisfactory',
  'order_change',
  'order_cancellation',
  'fraudulent_charge',
  'other',
];
export const CHARGEBEE_REASONS: readonly ChargebeeReason[] = [
  'write_off',
  'subscription_change',
  'subscription_cancellation',
  'subscription_pause',
  'chargeback',
  'product_unsatisfactory',
  'service_unsatisfactory',
  'order_change',
  'order_cancellation',
  'waiver',
  'other',
  'fraudulent',
];
