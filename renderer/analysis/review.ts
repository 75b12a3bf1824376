/**
 * The proposal review session of this window: decisions go through the core's ReviewSession
 * (validated, audit-chained) and save themselves through the host's autosave storage
 * (localStorage in a browser, files in the app's data folder in Electron): the audit entry is
 * written at once, the workspace a moment later and on pagehide, so a reload, a crash or a closed
 * window loses nothing. On start the last review is reopened; each analysis merges into it by
 * proposal_id, keeping the decisions. The workspace is mirrored into the store.
 */
import { ReviewSession } from '../../src/proposals/session';
import { DeferredSaveStore, MemoryReviewStore, type ReviewStore } from '../../src/proposals/store';
import { auditPathFor, TextFileReviewStore } from '../../src/proposals/text-store';
import { auditLine, checkAuditHead, checkAuditLog, type AuditBreak, type AuditCheck } from '../../src/proposals/audit';
import type { Proposal } from '../../src/proposals/model';
import { emptyWorkspace, type Decision, type Workspace } from '../../src/proposals/review';
import { getHostBridge } from '../host/bridge';
import { getState, setState, subscribe } from '../app/store';

const REVIEW_FILE = 'review.json';
const REVIEWER_FILE = 'reviewer.json';

const saved = (error: unknown) =>
  setState({
    reviewSave: error
      ? { status: 'failed', at: getState().reviewSave.at, message: error instanceof Error ? error.message : String(error) }
      : { status: 'saved', at: new Date().toISOString(), message: null },
  });

const host = getHostBridge();
const store = new DeferredSaveStore(new TextFileReviewStore(host.autosave, REVIEW_FILE), 400, saved);
/** The store the session writes to: `store`, or memory when the saved review was unreadable. */
let active: ReviewStore = store;

/** The saved review, or (when it cannot be read) an in-memory one that leaves the saved files alone. */
async function openSession(): Promise<ReviewSession> {
  try {
    return await ReviewSession.open(store);
  } catch (e) {
    saved(new Error(`the saved review could not be read (${e instanceof Error ? e.message : String(e)}); decisions of this window are not saved`));
    active = new MemoryReviewStore();
    return ReviewSession.open(active);
  }
}

const session: Promise<ReviewSession> = openSession().then((s) => {
  setState({ review: s.workspace });
  return s;
});
/** One review operation at a time: merges and decisions never interleave their writes. */
let chain: Promise<unknown> = session;
function serial<T>(fn: (s: ReviewSession) => Promise<T>): Promise<T> {
  const run = chain.then(() => session).then(fn);
  chain = run.catch(() => undefined);
  return run;
}

export function reviewMerge(proposals: Proposal[]): Promise<void> {
  return serial(async (s) => {
    await s.merge(proposals, 'workbench analysis');
    // Saved at once: later decisions (replayed from the audit log after a crash) need these ids.
    await store.flush();
    setState({ review: s.workspace });
  });
}

export function reviewDecide(d: Decision): Promise<void> {
  return serial(async (s) => {
    await s.decideMany([d]);
    setState({ review: s.workspace, reviewSave: { ...getState().reviewSave, status: store.dirty ? 'pending' : 'saved' } });
  });
}

/**
 * Replaces the review with one from an app workspace file (recorded in the audit log). With
 * `keepNewer` (start-up), a saved review at least as recent as the file's is kept instead.
 */
export function reviewRestore(ws: Workspace | null, opts: { keepNewer?: boolean; source?: string } = {}): Promise<void> {
  return serial(async (s) => {
    const cur = s.workspace;
    const keep = opts.keepNewer && cur.entries.length > 0 && (!ws || cur.updated_at >= ws.updated_at);
    if (!keep) {
      await s.restore(ws ? structuredClone(ws) : emptyWorkspace(), getState().reviewer || 'workbench', opts.source ?? 'workspace file');
      await store.flush();
    }
    setState({ review: s.workspace });
  });
}

/**
 * The review's audit log as stored (every decision, merge and restore), read afresh and verified
 * entry by entry, then against the chain head the review recorded: where it breaks, if it does.
 */
export async function reviewAuditCheck(): Promise<{ check: AuditCheck; head: AuditBreak | null; file: string }> {
  await chain;
  const file = auditPathFor(REVIEW_FILE);
  const text = active === store ? ((await host.autosave.read(file)) ?? '') : (await active.readAudit()).map(auditLine).join('');
  const check = checkAuditLog(text);
  const ws = getState().review;
  return { check, head: ws ? checkAuditHead(check, ws) : null, file };
}

// The reviewer's name comes back with the decisions (saved a moment after typing, and on pagehide).
let reviewerTimer: ReturnType<typeof setTimeout> | null = null;
let reviewerSaved = getState().reviewer;
function flushReviewer(): void {
  if (reviewerTimer) clearTimeout(reviewerTimer);
  reviewerTimer = null;
  const name = getState().reviewer;
  if (name === reviewerSaved) return;
  reviewerSaved = name;
  void host.autosave.writeAtomic(REVIEWER_FILE, JSON.stringify({ reviewer: name })).catch(saved);
}

/** Writes what is pending now (pagehide, the window going to the background, before unload). */
function flushAll(): void {
  flushReviewer();
  void store.flush();
}

if (typeof window !== 'undefined') {
  window.addEventListener('pagehide', flushAll);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flushAll();
  });
  window.addEventListener('beforeunload', (e) => {
    flushAll();
    // Only a save that failed (storage full, disk error) is worth the browser's leave prompt.
    if (getState().reviewSave.status === 'failed') e.preventDefault();
  });
}

void host.autosave
  .read(REVIEWER_FILE)
  .then((text) => {
    const name = text ? (JSON.parse(text) as { reviewer?: unknown }).reviewer : null;
    if (typeof name === 'string' && !getState().reviewer) {
      reviewerSaved = name;
      setState({ reviewer: name });
    }
  })
  .catch(() => undefined)
  .finally(() => {
    subscribe(() => {
      if (getState().reviewer === reviewerSaved || reviewerTimer) return;
      reviewerTimer = setTimeout(flushReviewer, 300);
    });
  });
