/**
 * The review workflow, pure: a workspace holds every proposal an analysis produced with its
 * review state (proposed / approved / rejected / edited), who decided, when and why. Edits are an
 * overlay: the analysed original is never modified. Re-analysis merges by proposal_id.
 */
import { UserError } from '../model/errors';
import { currencyExponent, formatDecimal, parseDecimal } from '../model/money';
import { memoFor } from './memo';
import type { Proposal } from './model';
import { CHARGEBEE_REASONS, LAGO_REASONS, STRIPE_REASONS } from './reason-codes';

export type ReviewState = 'proposed' | 'approved' | 'rejected' | 'edited';
export type ReviewAction = 'approve' | 'reject' | 'edit' | 'reopen';

/** Fields an analyst may change. Amount is a major-unit decimal string here (JSON-safe). */
export interface ProposalEdits {
  amount?: string;
  memo?: string;
  invoice_id?: string | null;
  line_id?: string | null;
  reason_stripe?: Proposal['reason_stripe'];
  reason_lago?: Proposal['reason_lago'];
  reason_chargebee?: Proposal['reason_chargebee'];
}

export interface Decision {
  proposal_id: string;
  action: ReviewAction;
  by: string;
  at: string; // ISO timestamp
  reason: string;
  changes?: ProposalEdits;
}

export interface ReviewEntry {
  /** The proposal exactly as the latest analysis produced it. */
  proposal: Proposal;
  state: ReviewState;
  /** The analyst's overlay on `proposal` (null = unedited). */
  edits: ProposalEdits | null;
  history: Omit<Decision, 'proposal_id'>[];
  /** 'stale' = the latest analysis no longer produced it (kept with its history, not exported). */
  status: 'current' | 'stale';
  first_seen: string;
  last_seen: string;
  /** Stale proposals for the same customer, SKU, period and currency that this one replaces
   * (new data changed the evidence, hence the id): their decisions are worth a look. */
  supersedes?: string[];
}

export interface Workspace {
  format: 'finops-review-workspace';
  version: 1;
  updated_at: string;
  /** Sequence number of the last audit entry applied; a crash may leave later ones to replay. */
  audit_seq: number;
  /** Hash of that audit entry: a log whose entry differs (rewritten, truncated and re-grown) is refused. */
  audit_hash?: string;
  entries: ReviewEntry[];
}

export function emptyWorkspace(at = new Date(0).toISOString()): Workspace {
  return { format: 'finops-review-workspace', version: 1, updated_at: at, audit_seq: 0, entries: [] };
}

export interface MergeResult {
  workspace: Workspace;
  added: string[];
  kept: string[];
  stale: string[];
}

/** Merges a fresh analysis: new ids are added as proposed, known ids keep their review, missing ones go stale. */
export function mergeAnalysis(ws: Workspace, proposals: Proposal[], at: string): MergeResult {
  const old = new Map(ws.entries.map((e) => [e.proposal.proposal_id, e]));
  const fresh = new Set(proposals.map((p) => p.proposal_id));
  const added: string[] = [];
  const kept: string[] = [];
  const stale: string[] = [];
  const entries: ReviewEntry[] = [];
  for (const p of proposals) {
    const prev = old.get(p.proposal_id);
    if (prev) {
      kept.push(p.proposal_id);
      entries.push({ ...prev, proposal: p, status: 'current', last_seen: at });
    } else {
      added.push(p.proposal_id);
      entries.push({ proposal: p, state: 'proposed', edits: null, history: [], status: 'current', first_seen: at, last_seen: at });
    }
  }
  const scope = (p: Proposal) => `${p.customer_id}\u0000${p.sku}\u0000${p.period}\u0000${p.currency}`;
  const goneByScope = new Map<string, string[]>();
  for (const e of ws.entries) {
    if (fresh.has(e.proposal.proposal_id)) continue;
    if (e.status === 'current') stale.push(e.proposal.proposal_id);
    entries.push({ ...e, status: 'stale' });
    const k = scope(e.proposal);
    const list = goneByScope.get(k);
    if (list) list.push(e.proposal.proposal_id);
    else goneByScope.set(k, [e.proposal.proposal_id]);
  }
  if (goneByScope.size > 0) {
    const addedIds = new Set(added);
    for (const e of entries) {
      const gone = addedIds.has(e.proposal.proposal_id) ? goneByScope.get(scope(e.proposal)) : undefined;
      if (gone) e.supersedes = gone;
    }
  }
  entries.sort((a, b) => (a.proposal.proposal_id < b.proposal.proposal_id ? -1 : 1));
  return { workspace: { ...ws, updated_at: at, entries }, added, kept, stale };
}

function validateEdits(p: Proposal, c: ProposalEdits): void {
  const bad = (column: string, expected: string) => new UserError(`edit of ${p.proposal_id}: "${column}" ${expected}`, { column, expected });
  if (c.amount !== undefined) {
    let v: bigint;
    try {
      v = parseDecimal(c.amount, currencyExponent(p.currency));
    } catch {
      throw bad('amount', `must be a decimal with at most ${currencyExponent(p.currency)} decimals for ${p.currency}`);
    }
    if (v <= 0n) throw bad('amount', 'must be greater than zero (reject the proposal instead)');
  }
  if (c.reason_stripe != null && !STRIPE_REASONS.includes(c.reason_stripe)) throw bad('reason_stripe', `must be one of ${STRIPE_REASONS.join(', ')}`);
  if (c.reason_lago != null && !LAGO_REASONS.includes(c.reason_lago)) throw bad('reason_lago', `must be one of ${LAGO_REASONS.join(', ')}`);
  if (c.reason_chargebee != null && !CHARGEBEE_REASONS.includes(c.reason_chargebee)) {
    throw bad('reason_chargebee', `must be one of ${CHARGEBEE_REASONS.join(', ')}`);
  }
  const known = ['amount', 'memo', 'invoice_id', 'line_id', 'reason_stripe', 'reason_lago', 'reason_chargebee'];
  for (const k of Object.keys(c)) if (!known.includes(k)) throw bad(k, `cannot be edited (editable: ${known.join(', ')})`);
}

/** Applies one decision; throws UserError for an unknown id or a decision missing who or why. */
export function applyDecision(ws: Workspace, d: Decision): Workspace {
  const i = ws.entries.findIndex((e) => e.proposal.proposal_id === d.proposal_id);
  if (i < 0) throw new UserError(`no proposal with id "${d.proposal_id}" in the workspace`, { column: 'proposal_id' });
  if (!d.by.trim()) throw new UserError(`a ${d.action} needs who decided`, { column: 'by' });
  if (d.action !== 'approve' && !d.reason.trim()) throw new UserError(`a ${d.action} needs a reason`, { column: 'reason' });
  if (Number.isNaN(Date.parse(d.at))) throw new UserError(`decision time "${d.at}" is not an ISO timestamp`, { column: 'at' });
  const e = ws.entries[i];
  let state: ReviewState;
  let edits = e.edits;
  switch (d.action) {
    case 'approve':
      state = 'approved';
      break;
    case 'reject':
      state = 'rejected';
      break;
    case 'edit':
      if (!d.changes || Object.keys(d.changes).length === 0) throw new UserError('an edit needs at least one change', { column: 'changes' });
      validateEdits(e.proposal, d.changes);
      edits = { ...(edits ?? {}), ...d.changes };
      state = 'edited';
      break;
    case 'reopen':
      state = edits ? 'edited' : 'proposed';
      break;
    default:
      throw new UserError(`unknown review action "${String(d.action)}"`, { column: 'action', expected: 'approve, reject, edit or reopen' });
  }
  const { proposal_id: _id, ...hist } = d;
  const entry: ReviewEntry = { ...e, state, edits, history: [...e.history, hist] };
  const entries = [...ws.entries];
  entries[i] = entry;
  return { ...ws, updated_at: d.at, entries };
}

/** The proposal as it would be issued: the original with the analyst's edits applied. */
export function effectiveProposal(e: ReviewEntry): Proposal {
  if (!e.edits) return e.proposal;
  const { amount, ...rest } = e.edits;
  const p: Proposal = { ...e.proposal, ...rest };
  if (amount !== undefined) p.amount_minor = parseDecimal(amount, currencyExponent(p.currency));
  if (e.edits.memo === undefined && amount !== undefined) p.memo = memoFor(p);
  return p;
}

export interface ReviewedProposal {
  proposal: Proposal; // effective (edited) values
  state: ReviewState;
  edited: boolean;
  /** The last decision, for the who/when/why columns of exports. */
  decided_by: string;
  decided_at: string;
  decision_reason: string;
  original_amount: string;
}

/** Current (non-stale) proposals with their review state; optionally approved ones only. */
export function reviewedProposals(ws: Workspace, opts: { approvedOnly?: boolean } = {}): ReviewedProposal[] {
  return ws.entries
    .filter((e) => e.status === 'current' && (!opts.approvedOnly || e.state === 'approved'))
    .map((e) => {
      const last = e.history[e.history.length - 1];
      return {
        proposal: effectiveProposal(e),
        state: e.state,
        edited: e.edits !== null,
        decided_by: last?.by ?? '',
        decided_at: last?.at ?? '',
        decision_reason: last?.reason ?? '',
        original_amount: formatDecimal(e.proposal.amount_minor, currencyExponent(e.proposal.currency)),
      };
    });
}

/** Proposals without a workspace: every one is simply 'proposed'. */
export function unreviewed(proposals: Proposal[]): ReviewedProposal[] {
  return proposals.map((p) => ({
    proposal: p,
    state: 'proposed',
    edited: false,
    decided_by: '',
    decided_at: '',
    decision_reason: '',
    original_amount: formatDecimal(p.amount_minor, currencyExponent(p.currency)),
  }));
}
