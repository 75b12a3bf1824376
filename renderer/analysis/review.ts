/**
 * The proposal review session of this window: decisions go through the core's ReviewSession
 * (validated, audit-chained); the workspace it keeps is mirrored into the store and saved with the
 * app workspace through the HostBridge.
 */
import { ReviewSession } from '../../src/proposals/session';
import { MemoryReviewStore } from '../../src/proposals/store';
import type { Proposal } from '../../src/proposals/model';
import type { Decision, Workspace } from '../../src/proposals/review';
import { setState } from '../app/store';

const store = new MemoryReviewStore();
let session: Promise<ReviewSession> = ReviewSession.open(store);

export async function reviewMerge(proposals: Proposal[]): Promise<void> {
  const s = await session;
  await s.merge(proposals, 'workbench analysis');
  setState({ review: s.workspace });
}

export async function reviewDecide(d: Decision): Promise<void> {
  const s = await session;
  await s.decide(d);
  setState({ review: s.workspace });
}

/** Restores a saved review workspace (from an app workspace file). */
export async function reviewRestore(ws: Workspace | null): Promise<void> {
  store.ws = ws ? structuredClone(ws) : null;
  store.audit = [];
  session = ReviewSession.open(store);
  setState({ review: (await session).workspace });
}
