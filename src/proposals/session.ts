/**
 * A review session over a store: every change is written to the audit log first (durably), then
 * the workspace is saved atomically. Opening replays audit decisions newer than the saved
 * workspace, so a crash between the two writes loses nothing.
 */
import { chainEntry, type AuditEntry, type AuditPayload } from './audit';
import type { Proposal } from './model';
import { applyDecision, emptyWorkspace, mergeAnalysis, type Decision, type MergeResult, type Workspace } from './review';
import type { ReviewStore } from './store';

export class ReviewSession {
  private constructor(
    private readonly store: ReviewStore,
    private ws: Workspace,
    private last: AuditEntry | null,
    readonly recovered: number,
  ) {}

  static async open(store: ReviewStore): Promise<ReviewSession> {
    let ws = (await store.load()) ?? emptyWorkspace();
    const audit = await store.readAudit();
    let recovered = 0;
    for (const e of audit) {
      if (e.seq <= ws.audit_seq || e.type !== 'decision') continue;
      const { type: _t, seq: _s, prev_hash: _p, hash: _h, ...decision } = e;
      ws = { ...applyDecision(ws, decision), audit_seq: e.seq };
      recovered++;
    }
    const last = audit[audit.length - 1] ?? null;
    if (last && last.seq > ws.audit_seq) ws = { ...ws, audit_seq: last.seq };
    const s = new ReviewSession(store, ws, last, recovered);
    if (recovered > 0) await store.save(ws);
    return s;
  }

  get workspace(): Workspace {
    return this.ws;
  }

  private async commit(payload: AuditPayload, next: Workspace): Promise<void> {
    const entry = chainEntry(this.last, payload);
    await this.store.appendAudit([entry]);
    const ws = { ...next, audit_seq: entry.seq };
    await this.store.save(ws);
    this.last = entry;
    this.ws = ws;
  }

  /** Merges a fresh analysis by proposal_id, keeping every review decision. */
  async merge(proposals: Proposal[], by: string, at = new Date().toISOString()): Promise<MergeResult> {
    const r = mergeAnalysis(this.ws, proposals, at);
    await this.commit({ type: 'merge', at, by, added: r.added.length, kept: r.kept.length, stale: r.stale.length }, r.workspace);
    return { ...r, workspace: this.ws };
  }

  async decide(d: Decision): Promise<Workspace> {
    const next = applyDecision(this.ws, d); // validates before anything is written
    await this.commit({ type: 'decision', ...d }, next);
    return this.ws;
  }
}
