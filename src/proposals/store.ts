/**
 * Persistence of the review workspace behind an interface: Node writes files (node-review-store.ts),
 * the renderer goes through its host bridge, tests use memory. `save` must be atomic: after a
 * crash, `load` returns either the previous or the new workspace, never a torn one.
 */
import type { AuditEntry } from './audit';
import type { Workspace } from './review';

export interface ReviewStore {
  /** Where the workspace and its audit log live, for messages (files on disk). */
  readonly file?: string;
  readonly auditPath?: string;
  load(): Promise<Workspace | null>;
  save(ws: Workspace): Promise<void>;
  /** Appends entries durably (flushed) before returning. */
  appendAudit(entries: AuditEntry[]): Promise<void>;
  readAudit(): Promise<AuditEntry[]>;
  /**
   * Runs `fn` with the workspace to itself (another process's writes wait or are refused), where
   * the store can be shared; a store only one process uses may run `fn` as is.
   */
  exclusive?<T>(fn: () => Promise<T>): Promise<T>;
}

/** In-memory store (tests, previews). */
export class MemoryReviewStore implements ReviewStore {
  ws: Workspace | null = null;
  audit: AuditEntry[] = [];
  async load() {
    return this.ws && structuredClone(this.ws);
  }
  async save(ws: Workspace) {
    this.ws = structuredClone(ws);
  }
  async appendAudit(entries: AuditEntry[]) {
    this.audit.push(...structuredClone(entries));
  }
  async readAudit() {
    return structuredClone(this.audit);
  }
}

/**
 * Defers workspace saves (a decision per keypress would rewrite the whole workspace each time)
 * while audit appends stay immediate: after a crash before `flush`, ReviewSession.open replays
 * the decisions from the audit log, so nothing is lost. `flush` writes the pending workspace.
 */
export class DeferredSaveStore implements ReviewStore {
  private pending: Workspace | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly inner: ReviewStore,
    private readonly delayMs = 400,
    /** Told after every write (null) or failed write (the error). */
    private readonly onSaved: (error: unknown) => void = () => {},
  ) {}

  get dirty(): boolean {
    return this.pending !== null;
  }

  load() {
    return this.inner.load();
  }
  async save(ws: Workspace) {
    this.pending = ws;
    if (this.timer === null) this.timer = setTimeout(() => void this.flush(), this.delayMs);
  }
  appendAudit(entries: AuditEntry[]) {
    return this.inner.appendAudit(entries);
  }
  readAudit() {
    return this.inner.readAudit();
  }

  /** Writes the pending workspace now (synchronously started: fit for pagehide). */
  flush(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const ws = this.pending;
    if (!ws) return this.writing;
    this.pending = null;
    const write = this.inner.save(ws).then(
      () => this.onSaved(null),
      (e: unknown) => {
        this.pending ??= ws; // try again with the next flush
        this.onSaved(e);
      },
    );
    this.writing = this.writing.then(() => write);
    return this.writing;
  }
}
