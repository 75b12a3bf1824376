/** The human memo on a proposal: what happened, for which service period, and which way money moves. */
import { currencyExponent, formatDecimal } from '../model/money';
import type { FindingCode, Proposal } from './model';

const WHAT: Record<FindingCode, string> = {
  duplicate_event: 'usage events counted twice',
  suspected_duplicate: 'usage events that look duplicated',
  overbilled_quantity: 'more usage billed than metered',
  underbilled_quantity: 'less usage billed than metered',
  unbilled_usage: 'metered usage that was never invoiced',
  billed_without_usage: 'a charge with no metered usage behind it',
  rate_mismatch: 'a unit price that differs from the price book',
  late_event: 'usage events that arrived after the invoice was issued',
  outside_subscription: 'usage billed outside the subscription period',
  unattributed_usage: 'usage with no customer attached (needs attribution before billing)',
  fraud_suspected: 'activity flagged as suspected fraud',
  anomaly_confirmed: 'a confirmed usage anomaly',
  netted: 'credits and debits netted for the period',
};

export function memoFor(p: Omit<Proposal, 'memo'>): string {
  const amount = `${formatDecimal(p.amount_minor, currencyExponent(p.currency))} ${p.currency}`;
  if (p.finding_code === 'unattributed_usage') {
    const qty = p.quantity_delta.replace(/^-/, '');
    return `Attribute ${qty} ${p.sku || 'units'} of usage that carries no customer (service period ${p.period || 'unknown'}) before billing it; the price book values it at ${amount} on its own.`;
  }
  const scope = [p.sku && `${p.sku}`, p.period && `service period ${p.period}`].filter(Boolean).join(', ');
  const qty = p.quantity_delta && p.quantity_delta !== '0' ? ` (quantity Δ ${p.quantity_delta})` : '';
  const target = p.invoice_id ? ` on invoice ${p.invoice_id}${p.line_id ? ` line ${p.line_id}` : ''}` : '';
  return p.direction === 'credit'
    ? `Credit ${amount}${target} for ${WHAT[p.finding_code]}${scope ? ` — ${scope}` : ''}${qty}.`
    : `Charge ${amount} for ${WHAT[p.finding_code]}${scope ? ` — ${scope}` : ''}${qty}; one-off invoice item for the original service period.`;
}
