/**
 * Ready-to-send payloads for billing systems. Credits become credit notes against the invoice
 * they correct (one per invoice and reason, lines targeting the invoice line when known); debits
 * become one-off invoice items naming the original service period. Credits with no invoice to
 * attach to are listed separately for manual handling, and so is anything without a customer
 * (unattributed usage). Amounts are integer minor units.
 */
import { currencyExponent } from '../model/money';
import type { Proposal } from './model';
import type { ReviewedProposal } from './review';

function periodRange(period: string): { start: number; end: number } | undefined {
  let m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) return { start: Date.UTC(+m[1], +m[2] - 1, 1) / 1000, end: Date.UTC(+m[1], +m[2], 1) / 1000 };
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(period);
  if (m) return { start: Date.UTC(+m[1], +m[2] - 1, +m[3]) / 1000, end: Date.UTC(+m[1], +m[2] - 1, +m[3] + 1) / 1000 };
  return undefined;
}

/** Stripe metadata values are capped at 500 characters: long id lists spill into numbered keys. */
function idMetadata(ids: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  let key = 0;
  let cur = '';
  for (const id of ids) {
    if (cur && cur.length + 1 + id.length > 500) {
      out[key === 0 ? 'proposal_ids' : `proposal_ids_${key}`] = cur;
      key++;
      cur = '';
    }
    cur = cur ? `${cur},${id}` : id;
  }
  if (cur) out[key === 0 ? 'proposal_ids' : `proposal_ids_${key}`] = cur;
  return out;
}

function groupBy<T>(items: T[], key: (t: T) => string): T[][] {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return [...m.values()];
}

const minor = (p: Proposal) => Number(p.amount_minor); // API integers; checked safe below

function assertSafe(ps: Proposal[]): void {
  for (const p of ps) {
    if (p.amount_minor > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`${p.proposal_id}: amount too large for a billing API integer`);
  }
}

/** A proposal no billing system can take until someone names the customer. */
export interface NeedsAttribution {
  proposal_id: string;
  direction: Proposal['direction'];
  currency: string;
  amount_minor: number;
  sku: string;
  period: string;
  description: string;
}

function splitAttributed(rows: ReviewedProposal[]): { ps: Proposal[]; unassigned: NeedsAttribution[] } {
  const all = rows.map((r) => r.proposal);
  assertSafe(all);
  return {
    ps: all.filter((p) => p.customer_id !== ''),
    unassigned: all
      .filter((p) => p.customer_id === '')
      .map((p) => ({
        proposal_id: p.proposal_id,
        direction: p.direction,
        currency: p.currency,
        amount_minor: minor(p),
        sku: p.sku,
        period: p.period,
        description: p.memo,
      })),
  };
}

export interface StripeCreditNoteLine {
  type: 'invoice_line_item' | 'custom_line_item';
  invoice_line_item?: string;
  amount?: number;
  description?: string;
  quantity?: number;
  unit_amount_decimal?: string;
}

export interface StripePayloads {
  format: 'stripe';
  credit_notes: {
    invoice: string;
    currency: string;
    lines: StripeCreditNoteLine[];
    reason?: string;
    memo: string;
    metadata: Record<string, string>;
  }[];
  invoice_items: {
    customer: string;
    currency: string;
    quantity: 1;
    unit_amount_decimal: string;
    description: string;
    period?: { start: number; end: number };
    metadata: Record<string, string>;
  }[];
  /** Credits with no invoice: a negative customer balance transaction, applied to the next invoice. */
  customer_balance_transactions: { customer: string; amount: number; currency: string; description: string; metadata: Record<string, string> }[];
  needs_attribution: NeedsAttribution[];
  /** What Stripe will not take as is (amounts are never changed to fit). */
  warnings: string[];
}

/** Stripe accepts three-decimal currencies only in multiples of 10 minor units. */
function stripeWarnings(ps: Proposal[]): string[] {
  return ps
    .filter((p) => currencyExponent(p.currency) === 3 && p.amount_minor % 10n !== 0n)
    .map(
      (p) =>
        `${p.proposal_id}: Stripe needs ${p.currency} amounts in multiples of 10 minor units; ${p.amount_minor} must be settled manually or edited`,
    );
}

export function stripePayloads(rows: ReviewedProposal[]): StripePayloads {
  const { ps, unassigned } = splitAttributed(rows);
  const credits = ps.filter((p) => p.direction === 'credit');
  const out: StripePayloads = {
    format: 'stripe',
    credit_notes: [],
    invoice_items: [],
    customer_balance_transactions: [],
    needs_attribution: unassigned,
    warnings: stripeWarnings(ps),
  };
  for (const group of groupBy(
    credits.filter((p) => p.invoice_id),
    (p) => `${p.invoice_id}\u0000${p.reason_stripe}\u0000${p.currency}`,
  )) {
    const first = group[0];
    out.credit_notes.push({
      invoice: first.invoice_id as string,
      currency: first.currency.toLowerCase(),
      lines: group.map((p) =>
        p.line_id
          ? { type: 'invoice_line_item', invoice_line_item: p.line_id, amount: minor(p) } // Stripe takes no description here
          : { type: 'custom_line_item', description: p.memo, quantity: 1, unit_amount_decimal: p.amount_minor.toString() },
      ),
      ...(first.reason_stripe ? { reason: first.reason_stripe } : {}),
      memo:
        group.length === 1 ? first.memo : `Billing corrections (${group.length} lines) for ${[...new Set(group.map((p) => p.period))].join(', ')}`,
      metadata: { ...idMetadata(group.map((p) => p.proposal_id)), finding_codes: [...new Set(group.map((p) => p.finding_code))].join(',') },
    });
  }
  for (const p of credits.filter((p) => !p.invoice_id)) {
    out.customer_balance_transactions.push({
      customer: p.customer_id,
      amount: -minor(p),
      currency: p.currency.toLowerCase(),
      description: p.memo,
      metadata: { proposal_id: p.proposal_id, finding_code: p.finding_code, service_period: p.period },
    });
  }
  for (const p of ps.filter((p) => p.direction === 'debit')) {
    const period = periodRange(p.period);
    out.invoice_items.push({
      customer: p.customer_id,
      currency: p.currency.toLowerCase(),
      quantity: 1,
      unit_amount_decimal: p.amount_minor.toString(),
      description: p.memo,
      ...(period ? { period } : {}),
      metadata: { proposal_id: p.proposal_id, finding_code: p.finding_code, service_period: p.period, sku: p.sku },
    });
  }
  return out;
}

export interface LagoPayloads {
  format: 'lago';
  /** POST /api/v1/credit_notes bodies. */
  credit_notes: {
    credit_note: {
      invoice_id: string;
      reason: string;
      description: string;
      credit_amount_cents: number;
      refund_amount_cents: number;
      items: { fee_id: string; amount_cents: number }[];
    };
  }[];
  /** POST /api/v1/invoices bodies: one-off invoices of add-on fees. */
  invoices: {
    invoice: {
      external_customer_id: string;
      currency: string;
      fees: { add_on_code: string; description: string; units: number; unit_amount_cents: number; invoice_display_name: string }[];
    };
  }[];
  /** Credits Lago cannot itemise (no invoice fee known): for manual handling. */
  unplaced_credits: {
    external_customer_id: string;
    currency: string;
    amount_cents: number;
    invoice_id: string | null;
    description: string;
    proposal_id: string;
  }[];
  needs_attribution: NeedsAttribution[];
}

export function lagoPayloads(rows: ReviewedProposal[], opts: { addOnCode?: string } = {}): LagoPayloads {
  const { ps, unassigned } = splitAttributed(rows);
  const addOn = opts.addOnCode ?? 'billing_adjustment';
  const out: LagoPayloads = { format: 'lago', credit_notes: [], invoices: [], unplaced_credits: [], needs_attribution: unassigned };
  const credits = ps.filter((p) => p.direction === 'credit');
  // Lago credit notes itemise by fee: only credits with an invoice and fee id can be placed.
  for (const group of groupBy(
    credits.filter((p) => p.invoice_id && p.line_id),
    (p) => `${p.invoice_id}\u0000${p.reason_lago}`,
  )) {
    const total = group.reduce((s, p) => s + minor(p), 0);
    out.credit_notes.push({
      credit_note: {
        invoice_id: group[0].invoice_id as string,
        reason: group[0].reason_lago ?? 'other',
        description: group.map((p) => `${p.memo} [${p.proposal_id}]`).join('\n'),
        credit_amount_cents: total,
        refund_amount_cents: 0,
        items: group.map((p) => ({ fee_id: p.line_id as string, amount_cents: minor(p) })),
      },
    });
  }
  for (const p of credits.filter((p) => !(p.invoice_id && p.line_id))) {
    out.unplaced_credits.push({
      external_customer_id: p.customer_id,
      currency: p.currency,
      amount_cents: minor(p),
      invoice_id: p.invoice_id,
      description: p.memo,
      proposal_id: p.proposal_id,
    });
  }
  for (const group of groupBy(
    ps.filter((p) => p.direction === 'debit'),
    (p) => `${p.customer_id}\u0000${p.currency}`,
  )) {
    out.invoices.push({
      invoice: {
        external_customer_id: group[0].customer_id,
        currency: group[0].currency,
        fees: group.map((p) => ({
          add_on_code: addOn,
          description: `${p.memo} [${p.proposal_id}]`,
          invoice_display_name: `Adjustment ${p.sku || ''} ${p.period}`.replace(/\s+/g, ' ').trim(),
          units: 1,
          unit_amount_cents: minor(p),
        })),
      },
    });
  }
  return out;
}
