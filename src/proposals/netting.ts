/**
 * Optional netting: per customer, period and currency, credits and debits collapse into one
 * proposal for the difference, listing the proposals it replaces as evidence.
 */
import type { Draft } from './model';
import { proposalId } from './hash';

export function netProposals(drafts: Draft[]): Draft[] {
  const groups = new Map<string, Draft[]>();
  for (const d of drafts) {
    const k = `${d.customer_id}\u0000${d.period}\u0000${d.currency}`;
    const list = groups.get(k);
    if (list) list.push(d);
    else groups.set(k, [d]);
  }
  const out: Draft[] = [];
  for (const group of groups.values()) {
    const directions = new Set(group.map((d) => d.direction));
    if (directions.size < 2) {
      out.push(...group);
      continue;
    }
    const net = group.reduce((s, d) => s + (d.direction === 'debit' ? d.amount_minor : -d.amount_minor), 0n);
    if (net === 0n) continue;
    const first = group[0];
    const skus = [...new Set(group.map((d) => d.sku))];
    const invoices = [...new Set(group.map((d) => d.invoice_id))];
    const parts = group.map((d) => ({ id: proposalId(d.basis), d }));
    parts.sort((a, b) => (a.id < b.id ? -1 : 1));
    out.push({
      direction: net > 0n ? 'debit' : 'credit',
      customer_id: first.customer_id,
      sku: skus.length === 1 ? skus[0] : '',
      period: first.period,
      currency: first.currency,
      amount_minor: net < 0n ? -net : net,
      quantity_delta: '',
      finding_code: 'netted',
      invoice_id: invoices.length === 1 ? invoices[0] : null,
      line_id: null,
      evidence: parts.flatMap(({ id, d }) => [
        {
          kind: 'proposal' as const,
          id,
          detail: `${d.direction} ${d.amount_minor} minor units, ${d.finding_code}, ${d.sku || 'all SKUs'}`,
        },
        ...d.evidence,
      ]),
      confidence: Math.min(...group.map((d) => d.confidence)),
      basis: { from: 'netting', parts: parts.map((p) => p.id) },
    });
  }
  return out;
}
