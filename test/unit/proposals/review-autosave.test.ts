/**
 * Review autosave parts: workspace saves deferred (DeferredSaveStore) while the audit log is
 * written at once, so a crash before the save loses no decision; a restore from a saved
 * workspace is an audit entry, and decisions after it replay onto it.
 */
import { describe, expect, it } from 'vitest';
import { buildProposals } from '../../../src/proposals/build';
import { ReviewSession } from '../../../src/proposals/session';
import { DeferredSaveStore, MemoryReviewStore } from '../../../src/proposals/store';
import { TextFileReviewStore, type TextFileIO } from '../../../src/proposals/text-store';
import { parseAuditLog } from '../../../src/proposals/audit';
import { EVENTS, RECON } from './fixtures';

const proposals = buildProposals({ reconciliation: RECON, events: EVENTS });
const at = (m: number) => `2026-04-01T10:${String(m).padStart(2, '0')}:00Z`;
const [a, b] = proposals.map((p) => p.proposal_id);

/** Key-value text files in memory, like the browser bridge's localStorage autosave. */
function memoryIO(): TextFileIO & { files: Map<string, string> } {
  const files = new Map<string, string>();
  return {
    files,
    read: async (n) => files.get(n) ?? null,
    writeAtomic: async (n, t) => void files.set(n, t),
    append: async (n, t) => void files.set(n, (files.get(n) ?? '') + t),
  };
}

describe('deferred review saves', () => {
  it('a crash before the deferred save loses no decision: they are replayed from the audit log', async () => {
    const io = memoryIO();
    const inner = new TextFileReviewStore(io, 'review.json');
    const store = new DeferredSaveStore(inner, 60_000);
    const s = await ReviewSession.open(store);
    await s.merge(proposals, 'analysis', at(0));
    await store.flush();
    await s.decide({ proposal_id: a, action: 'approve', by: 'ana', at: at(1), reason: '' });
    await s.decide({ proposal_id: b, action: 'reject', by: 'ana', at: at(2), reason: 'already credited' });
    expect(store.dirty).toBe(true);
    // The process dies here: the pending workspace is never written.
    const saved = await inner.load();
    expect(saved!.entries.every((e) => e.state === 'proposed')).toBe(true);
    const reopened = await ReviewSession.open(new TextFileReviewStore(io, 'review.json'));
    expect(reopened.recovered).toBe(2);
    const state = (id: string) => reopened.workspace.entries.find((e) => e.proposal.proposal_id === id)!;
    expect([state(a).state, state(b).state]).toEqual(['approved', 'rejected']);
    expect(state(b).history).toEqual([{ action: 'reject', by: 'ana', at: at(2), reason: 'already credited' }]);
    const log = parseAuditLog(io.files.get('review.audit.jsonl')!, 'review.audit.jsonl');
    expect(log.map((e) => e.type)).toEqual(['merge', 'decision', 'decision']);
  });

  it('flush writes the latest workspace once; a failed write is reported and retried', async () => {
    const inner = new MemoryReviewStore();
    let fail = true;
    const saves: number[] = [];
    const reports: unknown[] = [];
    const flaky = Object.assign(Object.create(inner) as MemoryReviewStore, {
      save: async (ws: Parameters<MemoryReviewStore['save']>[0]) => {
        if (fail) throw new Error('quota exceeded');
        saves.push(ws.entries.length);
        return inner.save(ws);
      },
    });
    const store = new DeferredSaveStore(flaky, 60_000, (e) => reports.push(e));
    const s = await ReviewSession.open(store);
    await s.merge(proposals, 'analysis', at(0));
    await store.flush();
    expect(reports.map((e) => (e as Error).message)).toEqual(['quota exceeded']);
    expect(store.dirty).toBe(true);
    fail = false;
    await store.flush();
    expect(reports.at(-1)).toBeNull();
    expect(saves).toEqual([proposals.length]);
    expect(store.dirty).toBe(false);
    expect((await inner.load())!.entries).toHaveLength(proposals.length);
  });

  it('a restored workspace is an audit entry; decisions after it replay onto it after a crash', async () => {
    const io = memoryIO();
    const store = new DeferredSaveStore(new TextFileReviewStore(io, 'review.json'), 60_000);
    const s = await ReviewSession.open(store);
    await s.merge(proposals, 'analysis', at(0));
    await s.decide({ proposal_id: a, action: 'approve', by: 'ana', at: at(1), reason: '' });
    await store.flush();
    // An older workspace file is opened: its review (b rejected, a untouched) replaces this one.
    const other = await ReviewSession.open(new MemoryReviewStore());
    await other.merge(proposals, 'analysis', at(0));
    await other.decide({ proposal_id: b, action: 'reject', by: 'bo', at: at(2), reason: 'duplicate' });
    await s.restore(other.workspace, 'ana', 'app workspace', at(3));
    await store.flush();
    await s.decide({ proposal_id: a, action: 'reject', by: 'ana', at: at(4), reason: 'wrong period' });
    // Crash before the deferred save.
    const reopened = await ReviewSession.open(new TextFileReviewStore(io, 'review.json'));
    const state = (id: string) => reopened.workspace.entries.find((e) => e.proposal.proposal_id === id)!.state;
    expect([state(a), state(b)]).toEqual(['rejected', 'rejected']);
    const log = parseAuditLog(io.files.get('review.audit.jsonl')!, 'review.audit.jsonl');
    expect(log.map((e) => e.type)).toEqual(['merge', 'decision', 'restore', 'decision']);
    expect(log[2]).toMatchObject({ type: 'restore', by: 'ana', source: 'app workspace', entries: proposals.length });
  });
});
