/** The audit log's verification names the first line where the chain breaks, and why. */
import { describe, expect, it } from 'vitest';
import { auditLine, chainEntry, checkAuditHead, checkAuditLog, type AuditEntry } from '../../../src/proposals/audit';

function chain(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (let i = 0; i < n; i++) {
    out.push(
      chainEntry(out.at(-1) ?? null, {
        type: 'decision',
        proposal_id: `prp_${i}`,
        action: 'reject',
        by: 'ana',
        at: `2024-04-0${i + 1}T10:00:00Z`,
        reason: `why ${i}`,
      }),
    );
  }
  return out;
}
const text = (es: AuditEntry[]) => es.map(auditLine).join('');

describe('checkAuditLog', () => {
  it('an intact log verifies every entry', () => {
    const c = checkAuditLog(text(chain(4)));
    expect(c.broken).toBeNull();
    expect(c.verified).toBe(4);
    expect(c.lines.map((l) => l.line)).toEqual([1, 2, 3, 4]);
  });

  it('an edited entry breaks the chain at its own line', () => {
    const es = chain(4);
    es[1] = { ...es[1], reason: 'changed afterwards' } as AuditEntry;
    const c = checkAuditLog(text(es));
    expect(c.broken).toMatchObject({ line: 2, seq: 2 });
    expect(c.broken!.problem).toMatch(/does not match its hash: the entry was edited/);
    expect(c.verified).toBe(1);
    expect(c.lines).toHaveLength(4);
  });

  it('a removed entry breaks the chain at the line after the gap', () => {
    const es = chain(4);
    const c = checkAuditLog(text([es[0], es[2], es[3]]));
    expect(c.broken).toMatchObject({ line: 2, seq: 3 });
    expect(c.broken!.problem).toMatch(/entry 3 where entry 2 was due/);
  });

  it('an entry re-hashed after an edit still fails to link to the one before', () => {
    const es = chain(3);
    // Re-chained from nothing: its own hash is right, but it no longer is what entry 2 links to.
    const forged = chainEntry(null, {
      type: 'decision',
      proposal_id: 'prp_0',
      action: 'reject',
      by: 'ana',
      at: '2024-04-01T10:00:00Z',
      reason: 'rewritten',
    });
    const c = checkAuditLog(text([forged, es[1], es[2]]));
    expect(c.broken).toMatchObject({ line: 2, seq: 2 });
    expect(c.broken!.problem).toMatch(/does not link to the entry before it/);
  });

  it('a torn last line is not a break; a line of another shape is', () => {
    expect(checkAuditLog(text(chain(2)) + '{"seq":3,"ty').broken).toBeNull();
    const c = checkAuditLog(text(chain(2)) + '{"seq":3}\n');
    expect(c.broken).toMatchObject({ line: 3, seq: 3 });
  });

  it('a log missing the entries the review applied is named against the workspace head', () => {
    const es = chain(4);
    const c = checkAuditLog(text(es.slice(0, 2)));
    expect(checkAuditHead(c, { audit_seq: 4, audit_hash: es[3].hash })).toMatchObject({ line: 3, seq: 4 });
    expect(checkAuditHead(checkAuditLog(text(es)), { audit_seq: 4, audit_hash: es[3].hash })).toBeNull();
    expect(checkAuditHead(checkAuditLog(text(es)), { audit_seq: 3, audit_hash: es[3].hash })!.problem).toMatch(/hash differs/);
  });
});
