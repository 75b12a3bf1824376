/**
 * The Node file implementation of ReviewStore. The workspace is saved atomically: written to a
 * temp file beside it, flushed, then renamed over the old one (rename is atomic on one file
 * system), and the directory flushed. The audit log is append-only JSONL, flushed per append.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { UserError } from '../model/errors';
import { TextFileReviewStore, type TextFileIO } from './text-store';
import { withWorkspaceLock, type LockOptions } from './node-workspace-lock';

/** File operations the store uses; tests inject failures (e.g. a rename that never happens). */
export interface FileOps {
  rename(from: string, to: string): Promise<void>;
}

const defaultOps: FileOps = { rename: (a, b) => fsp.rename(a, b) };

export function nodeTextIO(ops: FileOps = defaultOps): TextFileIO {
  return {
    async read(file) {
      try {
        return await fsp.readFile(file, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw new UserError(`${file}: cannot read (${(e as Error).message})`, { file });
      }
    },
    async writeAtomic(file, text) {
      const dir = path.dirname(path.resolve(file));
      await fsp.mkdir(dir, { recursive: true });
      const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
      await writeFlushed(tmp, 'w', text);
      try {
        await ops.rename(tmp, file);
      } catch (e) {
        await fsp.rm(tmp, { force: true });
        throw e;
      }
      await syncDir(dir);
    },
    async append(file, text) {
      await fsp.mkdir(path.dirname(path.resolve(file)), { recursive: true });
      await writeFlushed(file, 'a', text);
    },
  };
}

/** The workspace file and its audit log on disk; several processes may share them (lock file). */
export class NodeReviewStore extends TextFileReviewStore {
  constructor(
    file: string,
    ops: FileOps = defaultOps,
    private readonly lock: LockOptions = {},
  ) {
    super(nodeTextIO(ops), file);
  }

  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return withWorkspaceLock(this.file, fn, this.lock);
  }
}

/** Writes (flag 'w') or appends ('a') text and flushes it to disk before resolving. */
async function writeFlushed(file: string, flag: 'w' | 'a', text: string): Promise<void> {
  const fh = await fsp.open(file, flag);
  try {
    await fh.writeFile(text, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
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
