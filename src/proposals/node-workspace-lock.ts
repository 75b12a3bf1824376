/**
 * The review workspace's lock file (`review.json.lock` beside it): created atomically (O_EXCL),
 * it names its holder (pid, host, user, since) so a refusal can say who writes. Held only while a
 * change is read, appended and saved (milliseconds), so a second reviewer waits briefly instead of
 * failing. A lock whose holder died (pid gone on this host) or that is older than `staleMs` is
 * broken; temp files a killed writer left beside the workspace are removed under the lock.
 */
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { UserError } from '../model/errors';

export interface LockHolder {
  pid: number;
  host: string;
  user: string;
  since: string;
  /** Tells this holder's lock from a later one with the same pid. */
  nonce: string;
}

export interface LockOptions {
  /** How long to wait for another holder before refusing. */
  waitMs?: number;
  /** A lock older than this is taken as abandoned (no operation holds it for long). */
  staleMs?: number;
}

export const DEFAULT_LOCK_WAIT_MS = 10_000;
export const DEFAULT_STALE_LOCK_MS = 2 * 60_000;

export const lockPathFor = (file: string) => `${file}.lock`;

/** Temp files our atomic writes create beside `file`: `.review.json.<pid>.<time>.tmp`. */
const tempPattern = (file: string) => new RegExp(`^\\.${path.basename(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.\\d+\\.\\d+\\.tmp$`);

function userName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? ''; // no passwd entry (containers)
  }
}

/** Whether a process with this pid runs on this host. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by another user
  }
}

async function readHolder(lock: string): Promise<LockHolder | null> {
  try {
    return JSON.parse(await fsp.readFile(lock, 'utf8')) as LockHolder;
  } catch {
    return null; // gone, or torn by a crash between create and write
  }
}

function isStale(h: LockHolder | null, mtimeMs: number, staleMs: number, now: number): boolean {
  if (now - mtimeMs > staleMs) return true;
  return h !== null && h.host === os.hostname() && !processAlive(h.pid);
}

function describe(h: LockHolder | null): string {
  return h ? `${h.user || 'someone'} (pid ${h.pid} on ${h.host}, since ${h.since})` : 'another process';
}

/** Breaks a stale lock without removing a fresh one another process took meanwhile. */
async function breakStale(lock: string, judged: LockHolder | null): Promise<void> {
  const aside = `${lock}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
  try {
    await fsp.rename(lock, aside);
  } catch {
    return; // someone else broke it first
  }
  const moved = await readHolder(aside);
  if (moved && judged && moved.nonce !== judged.nonce) {
    // A fresh lock replaced the stale one before our rename: put it back unless a newer one exists.
    await fsp.link(aside, lock).catch(() => undefined);
  }
  await fsp.rm(aside, { force: true });
}

/**
 * Removes temp files of our naming beside `file`. Called holding the lock: every save happens under
 * it, so any such file is one a killed writer left behind.
 */
async function removeStaleTemps(file: string): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  const re = tempPattern(file);
  const names = await fsp.readdir(dir).catch(() => [] as string[]);
  for (const n of names) if (re.test(n)) await fsp.rm(path.join(dir, n), { force: true });
}

/** Runs `fn` holding `file`'s lock; refuses with one line naming the holder after `waitMs`. */
export async function withWorkspaceLock<T>(file: string, fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  const lock = lockPathFor(file);
  const waitMs = opts.waitMs ?? DEFAULT_LOCK_WAIT_MS;
  const staleMs = opts.staleMs ?? DEFAULT_STALE_LOCK_MS;
  const me = { pid: process.pid, host: os.hostname(), user: userName(), nonce: randomBytes(8).toString('hex') };
  await fsp.mkdir(path.dirname(path.resolve(lock)), { recursive: true });
  const deadline = Date.now() + waitMs;
  for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
    try {
      const fh = await fsp.open(lock, 'wx');
      try {
        await fh.writeFile(JSON.stringify({ ...me, since: new Date().toISOString() } satisfies LockHolder));
      } finally {
        await fh.close();
      }
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new UserError(`${lock}: cannot create the workspace lock (${(e as Error).message})`, { file });
    }
    const holder = await readHolder(lock);
    const st = await fsp.stat(lock).catch(() => null);
    if (!st) continue;
    if (isStale(holder, st.mtimeMs, staleMs, Date.now())) {
      await breakStale(lock, holder);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new UserError(
        `${file}: the review workspace is locked by ${describe(holder)}; try again when that review finishes (or delete ${lock} if it is abandoned)`,
        {
          file,
          expected: 'an unlocked workspace',
        },
      );
    }
    await new Promise((r) => setTimeout(r, delay));
  }
  try {
    await removeStaleTemps(file);
    return await fn();
  } finally {
    // Release only our own lock (a stale-lock breaker may have replaced it).
    if ((await readHolder(lock))?.nonce === me.nonce) await fsp.rm(lock, { force: true });
  }
}
