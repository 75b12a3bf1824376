import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAuditLog } from '../../../src/proposals/audit';
import { buildProposals } from '../../../src/proposals/build';
import { NodeReviewStore } from '../../../src/proposals/node-review-store';
import { effectiveProposal, reviewedProposals } from '../../../src/proposals/review';
import { ReviewSession } from '../../../src/proposals/session';
import { parseWorkspace, serializeWorkspace } from '../../../src/proposals/workspace-json';
import { MemoryReviewStore } from '../../../src/proposals/store';
import { EVENTS, RECON } from './fixtures';

const proposals = buildProposals({ reconciliation: RECON, events: EVENTS });
const tmp = () => mkdtempSync(path.join(tmpdir(), 'finops-review-'));
const at = (h: number) => `2026-04-01T${String(h).padStart(2, '0')}:00:00Z`;

describe('review workflow', () => {
  it('approves, rejects and edits with who, when and why; edits keep the original', async () => {
    const store = new MemoryReviewStore();
    const s = await ReviewSession.open(store);
    await s.merge(proposals, 'analyst', at(1));
    const [a, b, c] = proposals.map((p) => p.proposal_id);
    await s.decide({ proposal_id: a, action: 'approve', by: 'ana', at: at(2), reason: '' });
    await s.decide({ proposal_id: b, action: 'reject', by: 'bo', at: at(3), reason: 'customer already refunded' });
    await s.decide({ proposal_id: c, action: 'edit', by: 'cy', at: at(4), reason: 'goodwill rounding', changes: { amount: '1.23' } });
    await expect(s.decide({ proposal_id: b, action: 'reject', by: 'bo', at: at(5), reason: ' ' })).rejects.toThrow(/needs a reason/);
    await expect(s.decide({ proposal_id: 'prp_nope', action: 'approve', by: 'x', at: at(5), reason: '' })).rejects.toThrow(/no proposal/);
    await expect(s.decide({ proposal_id: c, action: 'edit', by: 'cy', at: at(5), reason: 'x', changes: { amount: '0' } })).rejects.toThrow(
      /greater than zero/,
    );
    const ec = s.workspace.entries.find((e) => e.proposal.proposal_id === c)!;
    expect(ec.state).toBe('edited');
    expect(ec.proposal).toEqual(proposals[2]); // the original is untouched
    const exp = 10n ** BigInt(ec.proposal.currency === 'JPY' ? 0 : ec.proposal.currency === 'KWD' ? 3 : 2);
    expect(effectiveProposal(ec).amount_minor).toBe((123n * exp) / 100n);
    expect(ec.history).toEqual([{ action: 'edit', by: 'cy', at: at(4), reason: 'goodwill rounding', changes: { amount: '1.23' } }]);
    expect(reviewedProposals(s.workspace, { approvedOnly: true }).map((r) => r.proposal.proposal_id)).toEqual([a]);
    // A batch is all or nothing: one bad decision and none is applied or logged.
    const logged = store.audit.length;
    const rest = proposals.slice(3).map((p) => ({ proposal_id: p.proposal_id, action: 'approve' as const, by: 'ana', at: at(6), reason: '' }));
    await expect(s.decideMany([...rest, { ...rest[0], action: 'reject' as const }])).rejects.toThrow(/needs a reason/);
    expect(reviewedProposals(s.workspace, { approvedOnly: true })).toHaveLength(1);
    await s.decideMany(rest);
    expect(reviewedProposals(s.workspace, { approvedOnly: true })).toHaveLength(1 + rest.length);
    expect(store.audit.length).toBe(logged + rest.length);
  });

  it('keeps decisions across re-analysis and marks vanished proposals stale', async () => {
    const store = new MemoryReviewStore();
    const s = await ReviewSession.open(store);
    await s.merge(proposals, 'analyst', at(1));
    const target = proposals[0].proposal_id;
    await s.decide({ proposal_id: target, action: 'approve', by: 'ana', at: at(2), reason: 'checked' });
    // Same data again: same ids, nothing added, decision kept.
    const again = buildProposals({ reconciliation: RECON, events: EVENTS });
    const r = await (await ReviewSession.open(store)).merge(again, 'analyst', at(3));
    expect([r.added.length, r.kept.length, r.stale.length]).toEqual([0, proposals.length, 0]);
    expect(r.workspace.entries.find((e) => e.proposal.proposal_id === target)?.state).toBe('approved');
    // Data changed: one finding gone.
    const fewer = again.filter((p) => p.proposal_id !== proposals[1].proposal_id);
    const r2 = await (await ReviewSession.open(store)).merge(fewer, 'analyst', at(4));
    expect(r2.stale).toEqual([proposals[1].proposal_id]);
    expect(reviewedProposals(r2.workspace)).toHaveLength(proposals.length - 1);
    expect(store.audit.map((e) => e.type)).toEqual(['merge', 'decision', 'merge', 'merge']);
    // Late data changes an approved proposal's evidence: a new id that names what it supersedes.
    const changed = buildProposals({
      reconciliation: RECON.map((r) =>
        r.customer_id === proposals[0].customer_id && r.sku === proposals[0].sku ? { ...r, billed_amount: '99.00', amount_delta: '94.00' } : r,
      ),
      events: EVENTS,
    });
    const r3 = await (await ReviewSession.open(store)).merge(changed, 'analyst', at(5));
    expect(r3.added).toHaveLength(1); // proposals[1] comes back as kept, with its history
    expect(r3.workspace.entries.find((e) => e.proposal.proposal_id === proposals[1].proposal_id)?.status).toBe('current');
    const successor = r3.workspace.entries.find((e) => e.proposal.proposal_id === r3.added[0]);
    expect(successor?.supersedes).toEqual([target]);
    expect(parseWorkspace(serializeWorkspace(r3.workspace), 'x')).toEqual(r3.workspace);
    expect(r3.workspace.entries.find((e) => e.proposal.proposal_id === target)).toMatchObject({ status: 'stale', state: 'approved' });
  });

  it('saves atomically and recovers a decision logged before a failed save', async () => {
    const dir = tmp();
    const file = path.join(dir, 'review.json');
    const s = await ReviewSession.open(new NodeReviewStore(file));
    await s.merge(proposals, 'analyst', at(1));
    const before = readFileSync(file, 'utf8');
    const failing = new NodeReviewStore(file, {
      rename: async () => {
        throw new Error('disk full');
      },
    });
    const s2 = await ReviewSession.open(failing);
    await expect(s2.decide({ proposal_id: proposals[0].proposal_id, action: 'approve', by: 'ana', at: at(2), reason: '' })).rejects.toThrow(
      'disk full',
    );
    expect(readFileSync(file, 'utf8')).toBe(before); // previous workspace intact
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]); // temp cleaned up
    const s3 = await ReviewSession.open(new NodeReviewStore(file));
    expect(s3.recovered).toBe(1); // replayed from the audit log
    expect(s3.workspace.entries.find((e) => e.proposal.proposal_id === proposals[0].proposal_id)?.state).toBe('approved');
    expect(readFileSync(file, 'utf8')).not.toBe(before);
    expect(parseWorkspace(serializeWorkspace(s3.workspace), 'x')).toEqual(s3.workspace);
  });

  it('survives a process killed between write and rename', async () => {
    const dir = tmp();
    const file = path.join(dir, 'review.json');
    const s = await ReviewSession.open(new NodeReviewStore(file));
    await s.merge(proposals, 'analyst', at(1));
    const before = readFileSync(file, 'utf8');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'crash-child.ts'), file, proposals[1].proposal_id], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('WRITTEN-NOT-RENAMED')) child.kill('SIGKILL');
      });
      child.on('exit', () => resolve());
      child.on('error', reject);
    });
    expect(out, err).toContain('WRITTEN-NOT-RENAMED');
    expect(out).not.toContain('UNREACHABLE');
    expect(readFileSync(file, 'utf8')).toBe(before); // the old file is whole
    expect(readdirSync(dir).some((f) => f.endsWith('.tmp'))).toBe(true); // the orphaned temp is ignored
    const s2 = await ReviewSession.open(new NodeReviewStore(file));
    expect(s2.workspace.entries).toHaveLength(proposals.length);
    expect(s2.workspace.entries.find((e) => e.proposal.proposal_id === proposals[1].proposal_id)?.state).toBe('approved');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp') || f.endsWith('.lock'))).toEqual([]); // cleaned on open
  });

  it('keeps one linear audit chain when two sessions share a workspace', async () => {
    const file = path.join(tmp(), 'review.json');
    const app = await ReviewSession.open(new NodeReviewStore(file));
    await app.merge(proposals, 'analyst', at(1));
    const cli = await ReviewSession.open(new NodeReviewStore(file));
    await cli.decide({ proposal_id: proposals[0].proposal_id, action: 'approve', by: 'cli', at: at(2), reason: '' });
    await app.decide({ proposal_id: proposals[1].proposal_id, action: 'reject', by: 'app', at: at(3), reason: 'duplicate of a manual credit' });
    const audit = await new NodeReviewStore(file).readAudit(); // verifies the chain
    expect(audit.map((e) => e.seq)).toEqual([1, 2, 3]);
    const states = (await ReviewSession.open(new NodeReviewStore(file))).workspace.entries.map((e) => [e.proposal.proposal_id, e.state]);
    expect(states).toContainEqual([proposals[0].proposal_id, 'approved']);
    expect(states).toContainEqual([proposals[1].proposal_id, 'rejected']);
  });

  it('detects a tampered audit log and tolerates a torn last line', async () => {
    const dir = tmp();
    const file = path.join(dir, 'review.json');
    const s = await ReviewSession.open(new NodeReviewStore(file));
    await s.merge(proposals, 'analyst', at(1));
    await s.decide({ proposal_id: proposals[0].proposal_id, action: 'reject', by: 'bo', at: at(2), reason: 'dup of manual credit' });
    const auditFile = path.join(dir, 'review.audit.jsonl');
    const text = readFileSync(auditFile, 'utf8');
    expect(parseAuditLog(text + '{"seq":3,"ty', auditFile)).toHaveLength(2);
    // A crash mid-append leaves a torn line; the next session continues the chain after it.
    writeFileSync(auditFile, text + '{"seq":3,"ty');
    const next = await ReviewSession.open(new NodeReviewStore(file));
    await next.decide({ proposal_id: proposals[2].proposal_id, action: 'approve', by: 'ana', at: at(3), reason: '' });
    const after = readFileSync(auditFile, 'utf8');
    expect(after.split('\n').filter(Boolean)).toHaveLength(4);
    expect(parseAuditLog(after, auditFile).map((e) => e.seq)).toEqual([1, 2, 3]);
    writeFileSync(auditFile, text);
    expect(() => parseAuditLog(text.replace('dup of manual credit', 'changed later'), auditFile)).toThrow(/line 2 breaks the hash chain/);
    writeFileSync(file, '{not json');
    await expect(ReviewSession.open(new NodeReviewStore(file))).rejects.toThrow(/review.json: workspace is not valid JSON/);
  });

  it('names the entry and field of a workspace it cannot read', () => {
    const ws = (entries: unknown[]) => JSON.stringify({ format: 'finops-review-workspace', version: 1, entries });
    expect(() => parseWorkspace('{"format": "other"}', 'w.json')).toThrow(/^w\.json: not a review workspace \(expected format/);
    expect(() => parseWorkspace(ws([{ state: 'maybe', history: [] }]), 'w.json')).toThrow(
      /^w\.json: entries\[0\]: "state" must be proposed, approved, rejected or edited$/,
    );
    expect(() => parseWorkspace(ws([{ state: 'approved', history: {} }]), 'w.json')).toThrow(/^w\.json: entries\[0\]: "history" must be a list$/);
    expect(() => parseWorkspace(ws([{ state: 'approved', history: [], proposal: {} }]), 'w.json')).toThrow(
      /^w\.json: entries\[0\]: "currency" must be a non-empty string$/,
    );
  });
});
