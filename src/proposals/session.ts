/**
 * A review session over a store: every change is written to the audit log first (durably), then
 * the workspace is saved atomically. Opening replays audit decisions newer than the saved
 * workspace, so a crash between the two writes loses nothing. Each change runs with the store to
 * itself (lock file on disk) after re-reading the log's tail, so concurrent reviewers extend one
 * linear chain. The workspace records the chain head it absorbed (audit_seq, audit_hash): a log
 * that lost its last lines, or was rewritten, is refused instead of reusing sequence numbers.
 */
import { UserError } from '../model/errors';
import { chainEntry, type AuditEntry, type AuditPayload } from './audit';
import type { Proposal } from './model';
import { applyDecision, emptyWorkspace, mergeAnalysis, type Decision, type MergeResult, type Workspace } from './review';
import type { ReviewStore } from './store';

export interface OpenOptions {
  /** The analysis's proposals: with them a lost workspace file is rebuilt from the audit log. */
  proposals?: Proposal[];
}

/** What rebuilding a lost workspace file from the audit log did. */
export interface Rebuilt {
  decisions: number;
  /** Decisions on proposals the given proposals no longer hold (kept in the log, not applied). */
  skipped: number;
}

interface State {
  ws: Workspace;
  last: AuditEntry | null;
  recovered: number;
  rebuilt: Rebuilt | null;
}

const locked = <T>(store: ReviewStore, fn: () => Promise<T>): Promise<T> => (store.exclusive ? store.exclusive(fn) : fn());

const names = (store: ReviewStore) => ({ file: store.file ?? 'the review workspace', audit: store.auditPath ?? 'the audit log' });

/** Refuses a log that does not hold the entry the workspace says it absorbed last. */
function checkHead(store: ReviewStore, ws: Workspace, audit: AuditEntry[]): void {
  if (ws.audit_seq === 0) return;
  const { file, audit: log } = names(store);
  const at = audit[ws.audit_seq - 1];
  if (!at) {
    throw new UserError(
      `${log}: the audit log ends at entry ${audit.length} but ${file} has applied entry ${ws.audit_seq}: its last line(s) were removed; restore the log from a backup before reviewing`,
      { file: log, row: audit.length + 1, expected: `audit entries up to ${ws.audit_seq}` },
    );
  }
  if (ws.audit_hash && at.hash !== ws.audit_hash) {
    throw new UserError(
      `${log}: audit entry ${ws.audit_seq} is not the one ${file} recorded (its hash differs): the log was rewritten; restore it from a backup`,
      {
        file: log,
        row: ws.audit_seq,
        expected: `hash ${ws.audit_hash}`,
      },
    );
  }
}

export class ReviewSession {
  private constructor(
    private readonly store: ReviewStore,
    private ws: Workspace,
    private last: AuditEntry | null,
    readonly recovered: number,
    /** Set when the workspace file was missing and was rebuilt from the audit log. */
    readonly rebuilt: Rebuilt | null = null,
  ) {}

  static async open(store: ReviewStore, opts: OpenOptions = {}): Promise<ReviewSession> {
    return locked(store, async () => {
      const { ws, last, recovered, rebuilt } = await ReviewSession.readState(store, opts.proposals);
      const s = new ReviewSession(store, ws, last, recovered, rebuilt);
      if (recovered > 0 || rebuilt) await store.save(ws);
      return s;
    });
  }

  /** The saved workspace plus any audit decisions it has not absorbed yet. */
  private static async readState(store: ReviewStore, proposals?: Proposal[]): Promise<State> {
    const saved = await store.load();
    const audit = await store.readAudit();
    let ws: Workspace;
    let rebuilt: Rebuilt | null = null;
    if (saved) {
      checkHead(store, saved, audit);
      ws = saved;
    } else if (audit.length === 0) {
      ws = emptyWorkspace();
    } else {
      const { file, audit: log } = names(store);
      if (!proposals) {
        throw new UserError(
          `${file}: the workspace file is missing but ${log} holds ${audit.length} entries: pass --proposals FILE (the analysis's proposals.json) to rebuild it from the log`,
          { file, expected: 'a review workspace, or --proposals to rebuild it' },
        );
      }
      ws = mergeAnalysis(emptyWorkspace(), proposals, audit[0].at).workspace;
      rebuilt = { decisions: 0, skipped: 0 };
    }
    let recovered = 0;
    for (const e of audit) {
      if (e.seq <= ws.audit_seq || e.type !== 'decision') continue;
      const { type: _t, seq: _s, prev_hash: _p, hash: _h, ...decision } = e;
      if (rebuilt) {
        try {
          ws = { ...applyDecision(ws, decision), audit_seq: e.seq };
          rebuilt.decisions++;
        } catch {
          rebuilt.skipped++;
        }
        continue;
      }
      ws = { ...applyDecision(ws, decision), audit_seq: e.seq };
      recovered++;
    }
    const last = audit[audit.length - 1] ?? null;
    if (last) ws = { ...ws, audit_seq: last.seq, audit_hash: last.hash };
    return { ws, last, recovered, rebuilt };
  }

  /**
   * Another session (the CLI beside the app, a second reviewer) may have written since we loaded:
   * if the audit log moved on, continue from its state so the hash chain stays linear and no
   * decision is lost. Runs holding the lock, right before a change is appended.
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

  /** Re-reads the log's tail, then appends the change `make` computes from the fresh workspace, all under the lock. */
  private change<T>(make: (ws: Workspace) => { payloads: AuditPayload[]; next: Workspace; result: T }): Promise<T> {
    return locked(this.store, async () => {
      await this.refresh();
      const { payloads, next, result } = make(this.ws);
      if (payloads.length) await this.commit(payloads, next);
      return result;
    });
  }

  private async commit(payloads: AuditPayload[], next: Workspace): Promise<void> {
    const entries: AuditEntry[] = [];
    let prev = this.last;
    for (const p of payloads) entries.push((prev = chainEntry(prev, p)));
    await this.store.appendAudit(entries);
    const ws: Workspace = { ...next, audit_seq: prev?.seq ?? 0 };
    if (prev) ws.audit_hash = prev.hash;
    await this.store.save(ws);
    this.last = prev;
    this.ws = ws;
  }

  /** Merges a fresh analysis by proposal_id, keeping every review decision. */
  async merge(proposals: Proposal[], by: string, at = new Date().toISOString()): Promise<MergeResult> {
    const r = await this.change((ws) => {
      const m = mergeAnalysis(ws, proposals, at);
      return {
        payloads: [{ type: 'merge', at, by, added: m.added.length, kept: m.kept.length, stale: m.stale.length }],
        next: m.workspace,
        result: m,
      };
    });
    return { ...r, workspace: this.ws };
  }

  /** Replaces the workspace with a saved one (recorded in the audit log; its decisions are kept). */
  async restore(ws: Workspace, by: string, source: string, at = new Date().toISOString()): Promise<Workspace> {
    await this.change(() => ({ payloads: [{ type: 'restore', at, by, source, entries: ws.entries.length }], next: ws, result: null }));
    return this.ws;
  }

  async decide(d: Decision): Promise<Workspace> {
    return this.decideMany([d]);
  }

  /** Several decisions (e.g. "approve selected"): all valid or none applied; one save. */
  async decideMany(ds: Decision[]): Promise<Workspace> {
    await this.change((ws) => {
      let next = ws;
      for (const d of ds) next = applyDecision(next, d); // validates before anything is written
      return { payloads: ds.map((d) => ({ type: 'decision' as const, ...d })), next, result: null };
    });
    return this.ws;
  }
}
