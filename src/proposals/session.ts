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
    const { ws, last, recovered } = await ReviewSession.readState(store);
    const s = new ReviewSession(store, ws, last, recovered);
    if (recovered > 0) await store.save(ws);
    return s;
  }

  /** The saved workspace plus any audit decisions it has not absorbed yet. */
  private static async readState(store: ReviewStore): Promise<{ ws: Workspace; last: AuditEntry | null; recovered: number }> {
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
    return { ws, last, recovered };
  }

  /**
   * Another session (the CLI beside the app) may have written since we loaded: if the audit log
   * moved on, continue from its state so the hash chain stays linear and no decision is lost.
   */
  private async refresh(): Promise<void> {
    const tail = (await this.store.readAudit()).at(-1) ?? null;
    if ((tail?.hash ?? null) === (this.last?.hash ?? null)) return;
    const { ws, last } = await ReviewSession.readState(this.store);
    this.ws = ws;
    this.last = last;
  }

  get workspace(): Workspace {
    return this.ws;
  }

  private async commit(payloads: AuditPayload[], next: Workspace): Promise<void> {
    const entries: AuditEntry[] = [];
    let prev = this.last;
    for (const p of payloads) entries.push((prev = chainEntry(prev, p)));
    await this.store.appendAudit(entries);
    const ws = { ...next, audit_seq: prev?.seq ?? 0 };
    await this.store.save(ws);
    this.last = prev;
    this.ws = ws;
  }

  /** Merges a fresh analysis by proposal_id, keeping every review decision. */
  async merge(proposals: Proposal[], by: string, at = new Date().toISOString()): Promise<MergeResult> {
    await this.refresh();
    const r = mergeAnalysis(this.ws, proposals, at);
    await this.commit([{ type: 'merge', at, by, added: r.added.length, kept: r.kept.length, stale: r.stale.length }], r.workspace);
    return { ...r, workspace: this.ws };
  }

  /** Replaces the workspace with a saved one (recorded in the audit log; its decisions are kept). */
  async restore(ws: Workspace, by: string, source: string, at = new Date().toISOString()): Promise<Workspace> {
    await this.refresh();
    await this.commit([{ type: 'restore', at, by, source, entries: ws.entries.length }], ws);
    return this.ws;
  }

  async decide(d: Decision): Promise<Workspace> {
    return this.decideMany([d]);
  }

  /** Several decisions (e.g. "approve selected"): all valid or none applied; one save. */
  async decideMany(ds: Decision[]): Promise<Workspace> {
    await this.refresh();
    let next = this.ws;
    for (const d of ds) next = applyDecision(next, d); // validates before anything is written
    if (ds.length)
      await this.commit(
        ds.map((d) => ({ type: 'decision' as const, ...d })),
        next,
      );
    return this.ws;
  }
}
