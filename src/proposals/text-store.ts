/**
 * A ReviewStore over any host that can read, atomically replace and durably append text files:
 * Node (node-review-store.ts) or the renderer's host bridge. Format and recovery live here once.
 */
import { auditLine, parseAuditLog, type AuditEntry } from './audit';
import type { Workspace } from './review';
import type { ReviewStore } from './store';
import { parseWorkspace, serializeWorkspace } from './workspace-json';

export interface TextFileIO {
  /** The file's text, or null when it does not exist. */
  read(path: string): Promise<string | null>;
  /** Replaces the file so that a crash leaves either the old or the new text (temp + rename). */
  writeAtomic(path: string, text: string): Promise<void>;
  /** Appends and flushes before resolving. */
  append(path: string, text: string): Promise<void>;
}

/** The audit log's name beside a workspace file: review.json -> review.audit.jsonl. */
export const auditPathFor = (workspace: string) => workspace.replace(/\.json$/i, '') + '.audit.jsonl';

export class TextFileReviewStore implements ReviewStore {
  constructor(
    private readonly io: TextFileIO,
    readonly file: string,
    readonly auditPath = auditPathFor(file),
  ) {}

  async load(): Promise<Workspace | null> {
    const text = await this.io.read(this.file);
    return text === null ? null : parseWorkspace(text, this.file);
  }

  save(ws: Workspace): Promise<void> {
    return this.io.writeAtomic(this.file, serializeWorkspace(ws));
  }

  async appendAudit(entries: AuditEntry[]): Promise<void> {
    // After a torn append the file may not end in a newline: start a fresh line.
    const cur = await this.io.read(this.auditPath);
    const sep = cur && !cur.endsWith('\n') ? '\n' : '';
    await this.io.append(this.auditPath, sep + entries.map(auditLine).join(''));
  }

  async readAudit(): Promise<AuditEntry[]> {
    const text = await this.io.read(this.auditPath);
    return text === null ? [] : parseAuditLog(text, this.auditPath);
  }
}
