/**
 * Crash-safe file replacement: write a temporary file next to the target, flush it to disk, then
 * rename it over the target (atomic on the same file system). A crash at any point leaves either
 * the old file or the new one, never a torn mix.
 */
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

export interface AtomicFs {
  open: typeof open;
  rename: typeof rename;
  unlink: typeof unlink;
}

const nodeFs: AtomicFs = { open, rename, unlink };

export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

export async function writeFileAtomic(target: string, data: Uint8Array | string, fs: AtomicFs = nodeFs): Promise<void> {
  const tmp = tempPathFor(target);
  let renamed = false;
  try {
    // 'wx': never follow or reuse an existing file; 0o666 minus the umask, like any new file.
    const fh = await fs.open(tmp, 'wx', 0o666);
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.rename(tmp, target);
    renamed = true;
    await syncDirectory(dirname(target), fs);
  } finally {
    if (!renamed) await fs.unlink(tmp).catch(() => undefined);
  }
}

/** Makes the rename itself durable; not supported on Windows, where it is skipped. */
async function syncDirectory(dir: string, fs: AtomicFs): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const fh = await fs.open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // Best effort: some file systems refuse fsync on directories.
  }
}
