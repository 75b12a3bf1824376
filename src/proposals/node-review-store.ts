/**
 * The Node file implementation of ReviewStore. The workspace is saved atomically: written to a
 * temp file beside it, flushed, then renamed over the old one (rename is atomic on one file
 * system), and the directory flushed. The audit log is append-only JSONL, flushed per append.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { UserError } from '../engine/engine';
import { auditLine, parseAuditLog, type AuditEntry } from './audit';
import type { Workspace } from './review';
import type { ReviewStore } from './store';
import { parseWorkspace, serializeWorkspace } from './workspace-json';

/** File operations the store uses; tests inject failures (e.g. a rename that never happens). */
export interface FileOps {
  rename(from: string, to: string): Promise<void>;
}

const defaultOps: FileOps = { rename: (a, b) => fsp.rename(a, b) };

export class NodeReviewStore implements ReviewStore {
  readonly auditPath: string;

  constructor(
    readonly file: string,
    private readonly ops: FileOps = defaultOps,
  ) {
    this.auditPath = file.replace(/\.json$/i, '') + '.audit.jsonl';
  }

  async load(): Promise<Workspace | null> {
    let text: string;
    try {
      text = await fsp.readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new UserError(`${this.file}: cannot read workspace (${(e as Error).message})`, { file: this.file });
    }
    return parseWorkspace(text, this.file);
  }

  async save(ws: Workspace): Promise<void> {
    const dir = path.dirname(path.resolve(this.file));
    await fsp.mkdir(dir, { recursive: true });
    const tmp = path.join(dir, `.${path.basename(this.file)}.${process.pid}.${Date.now()}.tmp`);
    const fh = await fsp.open(tmp, 'w');
    try {
      await fh.writeFile(serializeWorkspace(ws), 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      await this.ops.rename(tmp, this.file);
    } catch (e) {
      await fsp.rm(tmp, { force: true });
      throw e;
    }
    await syncDir(dir);
  }

  async appendAudit(entries: AuditEntry[]): Promise<void> {
    await fsp.mkdir(path.dirname(path.resolve(this.auditPath)), { recursive: true });
    const fh = await fsp.open(this.auditPath, 'a');
    try {
      await fh.writeFile(entries.map(auditLine).join(''), 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
  }

  async readAudit(): Promise<AuditEntry[]> {
    try {
      return parseAuditLog(await fsp.readFile(this.auditPath, 'utf8'), this.auditPath);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
  }
}

/** Flushes a directory entry (the rename) where the platform allows it. */
async function syncDir(dir: string): Promise<void> {
  let fh: fsp.FileHandle | undefined;
  try {
    fh = await fsp.open(dir, 'r');
    await fh.sync();
  } catch {
    // Windows cannot open directories; the rename is still atomic there.
  } finally {
    await fh?.close();
  }
}
