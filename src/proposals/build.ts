/**
 * Findings -> adjustment proposals. Reconciliation rows carry the money (billed vs expected);
 * event findings explain a row's delta (duplicates, late events) or, when no row covers them,
 * stand alone; anomaly and fraud findings become proposals only once confirmed by id.
 * Deterministic: the same findings give the same proposals, ids and order.
 */
import type { AnomalyFinding, EventFinding, FraudFinding, ReconciliationRow } from '../model/findings';
import { currencyExponent, formatDecimal, parseDecimal, toMinorUnits } from '../model/money';
import type { Direction, Draft, EvidenceRef, FindingCode, Proposal } from './model';
import { memoFor } from './memo';
import { resolvePolicy, roundToIncrement, thresholdMinor, type Policy } from './policy';
import { proposalId } from './hash';
import { reasonCodes } from './reason-codes';
import { netProposals } from './netting';

export interface Findings {
  reconciliation?: ReconciliationRow[];
  events?: EventFinding[];
  anomalies?: AnomalyFinding[];
  fraud?: FraudFinding[];
}

const key = (customer: string, sku: string, period: string, currency: string) => `${customer}\u0000${sku}\u0000${period}\u0000${currency}`;

export function finishDraft(d: Draft): Proposal {
  const { basis, ...rest } = d;
  const reasons = reasonCodes(d.finding_code, d.direction);
  const p: Proposal = {
    ...rest,
    proposal_id: proposalId(basis),
    reason_stripe: reasons.stripe,
    reason_lago: reasons.lago,
    reason_chargebee: reasons.chargebee,
    memo: '',
  };
  p.memo = memoFor(p);
  return p;
}

const abs = (v: bigint) => (v < 0n ? -v : v);

/** The row's delta is inside the policy's tolerance (absolute or % of expected). */
function withinTolerance(deltaMinor: bigint, row: ReconciliationRow, policy: Policy): boolean {
  const d = abs(deltaMinor);
  if (d <= thresholdMinor(policy.toleranceAbs, row.currency)) return true;
  const pct = parseDecimal(policy.tolerancePct, 6); // percent × 10^6
  if (pct === 0n) return false;
  const expected = abs(toMinorUnits(row.expected_amount || '0', row.currency));
  // d / expected <= pct / 100  <=>  d × 100 × 10^6 <= pct × expected
  return d * 100n * 1_000_000n <= pct * expected;
}

function isPositive(decimal: string): boolean {
  return decimal !== '' && parseDecimal(decimal, 18, 'half-away') > 0n;
}

function reconDraft(row: ReconciliationRow, policy: Policy): Draft | null {
  if (row.status === 'matched' || row.status === 'within_tolerance') return null;
  // Usage no price book or invoice prices has no currency: a finding to investigate, not a memo line.
  if (!row.currency) return null;
  const delta = toMinorUnits(row.amount_delta || '0', row.currency);
  let code: FindingCode;
  let direction: Direction;
  let amount: bigint;
  let confidence = 0.9;
  switch (row.status) {
    case 'unbilled':
      // Unbilled usage no price book prices has no amount to debit: the row stays a finding.
      if (delta === 0n && !row.expected_amount) return null;
      code = 'unbilled_usage';
      direction = 'debit';
      amount = delta !== 0n ? abs(delta) : toMinorUnits(row.expected_amount, row.currency);
      break;
    case 'billed_only':
      code = 'billed_without_usage';
      direction = 'credit';
      amount = delta !== 0n ? abs(delta) : toMinorUnits(row.billed_amount, row.currency);
      break;
    case 'unattributed':
      code = 'unattributed_usage';
      direction = 'debit';
      amount = toMinorUnits(row.expected_amount || '0', row.currency);
      confidence = 0.3;
      break;
    case 'rate_mismatch':
      code = 'rate_mismatch';
      direction = delta > 0n ? 'credit' : 'debit';
      amount = abs(delta);
      break;
    case 'overbilled':
    case 'underbilled': {
      direction = row.status === 'overbilled' ? 'credit' : 'debit';
      amount = abs(delta);
      const qty = row.quantity_delta || '0';
      const qtyMoved = parseDecimal(qty, 18, 'half-away') !== 0n;
      const ratesDiffer =
        row.billed_unit_price != null &&
        row.expected_unit_price != null &&
        parseDecimal(row.billed_unit_price, 18, 'half-away') !== parseDecimal(row.expected_unit_price, 18, 'half-away');
      code = !qtyMoved && ratesDiffer ? 'rate_mismatch' : direction === 'credit' ? 'overbilled_quantity' : 'underbilled_quantity';
      break;
    }
    default:
      return null;
  }
  // Nothing to bill (0.00, e.g. unattributed usage the price book values at zero) is a finding to
  // investigate on the reconciliation screen, never a memo line to approve or export.
  if (amount === 0n) return null;
  // The gap is the memo amount: for a charge without usage in a currency the price book does not
  // price, amount_delta is empty (nothing to compare), yet the whole charge is the gap.
  if (row.status !== 'unattributed' && withinTolerance(amount, row, policy)) return null;
  const invoices = row.invoice_ids ?? [];
  const lines = row.line_ids ?? [];
  const evidence: EvidenceRef[] = [
    {
      kind: 'reconciliation',
      detail:
        `metered ${row.metered_quantity}, billed ${row.billed_quantity} (Δ ${row.quantity_delta}); ` +
        `expected ${row.expected_amount}, billed ${row.billed_amount} ${row.currency} (Δ ${row.amount_delta}); status ${row.status}`,
    },
    ...lines.map((id) => ({ kind: 'invoice_line' as const, id })),
  ];
  return {
    direction,
    customer_id: row.customer_id,
    sku: row.sku,
    period: row.period,
    currency: row.currency,
    amount_minor: amount,
    quantity_delta: row.quantity_delta ?? '',
    finding_code: code,
    invoice_id: invoices.length === 1 ? invoices[0] : null,
    line_id: lines.length === 1 ? lines[0] : null,
    evidence,
    confidence,
    basis: {
      from: 'reconciliation',
      customer: row.customer_id,
      sku: row.sku,
      period: row.period,
      currency: row.currency,
      status: row.status,
      metered: row.metered_quantity,
      billed: row.billed_quantity,
      expected_amount: row.expected_amount,
      billed_amount: row.billed_amount,
      invoices: [...invoices].sort(),
      lines: [...lines].sort(),
    },
  };
}

/** Which way an event finding moves money when it reached the invoice. */
const EVENT_DIRECTION: Record<EventFinding['code'], Direction> = {
  duplicate_event: 'credit',
  suspected_duplicate: 'credit',
  outside_subscription: 'credit',
  late_event: 'debit',
};

function eventEvidence(e: EventFinding): EvidenceRef[] {
  return [
    { kind: 'event', detail: `${e.code}: ${e.detail}`, id: e.event_ids.slice(0, 20).join(' ') || undefined },
    ...e.source_rows.map((r) => ({ kind: 'source_row' as const, file: r.file, row: r.row })),
  ];
}

function eventDraft(e: EventFinding): Draft | null {
  if (e.amount == null || e.currency == null) return null;
  const amount = abs(toMinorUnits(e.amount, e.currency));
  if (amount === 0n) return null;
  const direction = EVENT_DIRECTION[e.code];
  const sign = direction === 'credit' ? '' : '-';
  const qty = e.quantity && isPositive(e.quantity) ? sign + e.quantity : e.quantity;
  return {
    direction,
    customer_id: e.customer_id,
    sku: e.sku,
    period: e.period,
    currency: e.currency,
    amount_minor: amount,
    quantity_delta: qty ?? '',
    finding_code: e.code,
    invoice_id: null,
    line_id: null,
    evidence: eventEvidence(e),
    confidence: e.code === 'suspected_duplicate' ? 0.5 : 0.8,
    basis: {
      from: 'event',
      code: e.code,
      customer: e.customer_id,
      sku: e.sku,
      period: e.period,
      currency: e.currency,
      amount: e.amount,
      events: [...e.event_ids].sort(),
    },
  };
}

function periodOf(ts: string): string {
  return /^\d{4}-\d{2}/.test(ts) ? ts.slice(0, 7) : ts;
}

function anomalyDraft(a: AnomalyFinding): Draft | null {
  if (a.impact == null || a.currency == null) return null;
  const impact = toMinorUnits(a.impact, a.currency);
  if (impact === 0n) return null;
  const customer = a.dimensions.customer ?? a.dimensions.customer_id ?? '';
  const sku = a.dimensions.sku ?? '';
  // Actual below expected on a usage series = usage the meter lost = the customer was under-billed.
  const direction: Direction = impact < 0n ? 'debit' : 'credit';
  return {
    direction,
    customer_id: customer,
    sku,
    period: periodOf(a.start),
    currency: a.currency,
    amount_minor: abs(impact),
    quantity_delta: '',
    finding_code: 'anomaly_confirmed',
    invoice_id: null,
    line_id: null,
    evidence: [
      {
        kind: 'anomaly',
        id: a.id,
        detail: `${a.series_key} ${a.start}..${a.end}: actual ${a.actual}, expected ${a.expected} (${a.method}, score ${a.score}); ${a.explanation}`,
      },
    ],
    confidence: 0.6,
    window_start: a.start,
    window_end: a.end,
    basis: { from: 'anomaly', id: a.id, series: a.series_key, start: a.start, end: a.end, impact: a.impact, currency: a.currency },
  };
}

function fraudDraft(f: FraudFinding): Draft | null {
  if (f.amount == null || f.currency == null) return null;
  const amount = abs(toMinorUnits(f.amount, f.currency));
  if (amount === 0n) return null;
  // Usage nobody billed is recovered with a debit; other rules reverse a fraudulent charge.
  const direction: Direction = f.rule === 'usage_without_billing' ? 'debit' : 'credit';
  return {
    direction,
    customer_id: f.customer_id,
    sku: f.sku ?? '',
    period: f.period ?? '',
    currency: f.currency,
    amount_minor: amount,
    quantity_delta: '',
    finding_code: 'fraud_suspected',
    invoice_id: null,
    line_id: null,
    evidence: [{ kind: 'fraud', id: f.id, detail: `${f.rule} (score ${f.score}): ${f.evidence}` }],
    confidence: f.score >= 0 && f.score <= 1 ? f.score : 0.5,
    basis: { from: 'fraud', id: f.id, rule: f.rule, customer: f.customer_id, amount: f.amount, currency: f.currency },
  };
}

/** Event codes, most specific first, that may name the row they explain. */
const EXPLAINS: EventFinding['code'][] = ['duplicate_event', 'late_event', 'outside_subscription', 'suspected_duplicate'];

/**
 * Attaches event findings to the reconciliation draft with the same customer, SKU, period and
 * direction. When one code's events price to exactly the row's delta, that code names the draft.
 * Returns the events no draft explains.
 */
function explainDrafts(drafts: Draft[], events: EventFinding[]): EventFinding[] {
  const byKey = new Map<string, Draft>();
  for (const d of drafts) byKey.set(key(d.customer_id, d.sku, d.period, d.currency) + d.direction, d);
  const unexplained: EventFinding[] = [];
  const attached = new Map<Draft, EventFinding[]>();
  for (const e of events) {
    const d = e.currency == null ? undefined : byKey.get(key(e.customer_id, e.sku, e.period, e.currency) + EVENT_DIRECTION[e.code]);
    if (!d) {
      unexplained.push(e);
      continue;
    }
    const list = attached.get(d);
    if (list) list.push(e);
    else attached.set(d, [e]);
  }
  for (const [d, evs] of attached) {
    for (const code of EXPLAINS) {
      const same = evs.filter((e) => e.code === code && e.amount != null);
      if (same.length === 0) continue;
      const total = same.reduce((s, e) => s + abs(toMinorUnits(e.amount as string, d.currency)), 0n);
      if (total === d.amount_minor) {
        d.finding_code = code;
        d.confidence = code === 'suspected_duplicate' ? 0.6 : 0.95;
        break;
      }
    }
    for (const e of evs) d.evidence.push(...eventEvidence(e));
    d.basis = { ...(d.basis as object), events: evs.flatMap((e) => e.event_ids).sort() };
  }
  return unexplained;
}

/** Builds the proposals for a set of findings under a policy. */
export function buildProposals(findings: Findings, policyIn: Partial<Policy> = {}): Proposal[] {
  const policy = resolvePolicy(policyIn);
  const included = new Set(policy.include);
  const confirmed = new Set(policy.confirmedFindingIds);

  const recon = (findings.reconciliation ?? []).map((r) => reconDraft(r, policy)).filter((d): d is Draft => d !== null);
  const unexplained = explainDrafts(recon, findings.events ?? []);
  // An event no reconciliation row accounts for stands alone only when reconciliation did not
  // look at that customer × SKU × period at all (a matched row means the invoice was right).
  const covered = new Set((findings.reconciliation ?? []).map((r) => key(r.customer_id, r.sku, r.period, r.currency)));
  const standalone = unexplained
    .filter((e) => e.currency == null || !covered.has(key(e.customer_id, e.sku, e.period, e.currency)))
    .map(eventDraft)
    .filter((d): d is Draft => d !== null);
  const confirmedOnly = [
    ...(findings.anomalies ?? []).filter((a) => confirmed.has(a.id)).map(anomalyDraft),
    ...(findings.fraud ?? []).filter((f) => confirmed.has(f.id)).map(fraudDraft),
  ].filter((d): d is Draft => d !== null);

  // A confirmed anomaly or fraud finding on a key reconciliation already prices is the same money:
  // it becomes evidence on that proposal, never a second memo.
  const reconByKey = new Map(recon.map((d) => [key(d.customer_id, d.sku, d.period, d.currency) + d.direction, d]));
  const extra = confirmedOnly.filter((d) => {
    const same = reconByKey.get(key(d.customer_id, d.sku, d.period, d.currency) + d.direction);
    if (!same) return true;
    same.evidence.push(...d.evidence);
    return false;
  });
  let drafts = [...recon, ...standalone, ...extra].filter((d) => included.has(d.finding_code));
  for (const d of drafts) {
    d.amount_minor = roundToIncrement(d.amount_minor, d.currency, policy);
    currencyExponent(d.currency); // unknown currency -> error naming it
  }
  if (policy.net) drafts = netProposals(drafts);
  const proposals = drafts
    .filter(
      (d) =>
        // An attribution task is kept below the minimum amount, but never at zero.
        d.amount_minor > 0n && (d.finding_code === 'unattributed_usage' || d.amount_minor >= thresholdMinor(policy.minAmount, d.currency)),
    )
    .map(finishDraft);
  return sortProposals(dedupe(proposals));
}

/** Two findings with identical evidence are one proposal. */
function dedupe(ps: Proposal[]): Proposal[] {
  const seen = new Map<string, Proposal>();
  for (const p of ps) if (!seen.has(p.proposal_id)) seen.set(p.proposal_id, p);
  return [...seen.values()];
}

export function sortProposals(ps: Proposal[]): Proposal[] {
  const keyed = ps.map((p) => ({ p, k: [p.customer_id, p.period, p.sku, p.currency, p.finding_code, p.proposal_id].join('\u0000') }));
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  return keyed.map((x) => x.p);
}

/** Major-unit decimal string of a proposal amount (always >= 0). */
export function amountText(p: Pick<Proposal, 'amount_minor' | 'currency'>): string {
  return formatDecimal(p.amount_minor, currencyExponent(p.currency));
}
