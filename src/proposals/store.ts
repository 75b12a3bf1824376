/**
 * Persistence of the review workspace behind an interface: Node writes files (node-review-store.ts),
 * the renderer goes through its host bridge, tests use memory. `save` must be atomic: after a
 * crash, `load` returns either the previous or the new workspace, never a torn one.
 */
import type { AuditEntry } from './audit';
import type { Workspace } from './review';

export interface ReviewStore {
  load(): Promise<Workspace | null>;
  save(ws: Workspace): Promise<void>;
  /** Appends entries durably (flushed) before returning. */
  appendAudit(entries: AuditEntry[]): Promise<void>;
  readAudit(): Promise<AuditEntry[]>;
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
