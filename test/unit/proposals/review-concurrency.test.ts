/**
 * Several reviewers on one workspace at once, and what a crash or a lost file leaves behind: the
 * lock file (holder named, stale locks broken), one linear audit chain, truncation detected, a
 * lost workspace file rebuilt from the audit log, no temp files left over.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli/run-cli';
import { parseAuditLog } from '../../../src/proposals/audit';
import { buildProposals } from '../../../src/proposals/build';
import { NodeReviewStore } from '../../../src/proposals/node-review-store';
import { lockPathFor, withWorkspaceLock } from '../../../src/proposals/node-workspace-lock';
import { ReviewSession } from '../../../src/proposals/session';
import { proposalsDocument } from '../../../src/proposals/serialize';
import { EVENTS, RECON } from './fixtures';

const proposals = buildProposals({ reconciliation: RECON, events: EVENTS });
const tmp = () => mkdtempSync(path.join(tmpdir(), 'finops-review-conc-'));
const at = (h: number) => `2026-04-01T${String(h).padStart(2, '0')}:00:00Z`;

async function reviewed(file: string, decisions = 3): Promise<string> {
  const s = await ReviewSession.open(new NodeReviewStore(file));
  await s.merge(proposals, 'analyst', at(1));
  for (let i = 0; i < decisions; i++)
    await s.decide({ proposal_id: proposals[i].proposal_id, action: 'approve', by: 'ana', at: at(2 + i), reason: '' });
  return file;
}

function runChild(
  file: string,
  by: string,
  id: string,
  rounds: number,
  startAt: number,
): Promise<{ acks: string[]; code: number | null; err: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'review-child.ts'), file, by, id, String(rounds), String(startAt)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) =>
      resolve({
        acks: out
          .split('\n')
          .filter((l) => l.startsWith('ACK '))
          .map((l) => l.slice(4)),
        code,
        err,
      }),
    );
  });
}

describe('review workspace under concurrent reviewers', () => {
  it('loses no decision and keeps one valid chain with 4 reviewer processes × 16 rounds', async () => {
    const dir = tmp();
    const file = await reviewed(path.join(dir, 'review.json'), 0);
    const rounds = 16;
    const reviewers = ['ana', 'bo', 'cy', 'di'];
    const startAt = Date.now() + 4000;
    const results = await Promise.all(reviewers.map((by, i) => runChild(file, by, proposals[i].proposal_id, rounds, startAt)));
    for (const r of results) expect([r.code, r.acks.length], r.err).toEqual([0, rounds]);
    const audit = parseAuditLog(readFileSync(path.join(dir, 'review.audit.jsonl'), 'utf8'), 'review.audit.jsonl'); // verifies the chain
    expect(audit.map((e) => e.seq)).toEqual(audit.map((_, i) => i + 1));
    const logged = audit.flatMap((e) => (e.type === 'decision' ? [e.reason] : []));
    expect(logged.sort()).toEqual(results.flatMap((r) => r.acks).sort());
    const ws = (await ReviewSession.open(new NodeReviewStore(file))).workspace;
    expect(ws.audit_seq).toBe(audit.length);
    for (const [i, by] of reviewers.entries()) {
      const e = ws.entries.find((x) => x.proposal.proposal_id === proposals[i].proposal_id)!;
      expect(e.history.map((h) => h.reason)).toEqual(Array.from({ length: rounds }, (_, r) => `${by}#${r}`));
      expect(e.state).toBe('proposed'); // an even number of rounds ends reopened
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp') || f.endsWith('.lock'))).toEqual([]);
  });

  it('refuses with one line naming the holder once the wait is over', async () => {
    const file = path.join(tmp(), 'review.json');
    let release!: () => void;
    const held = withWorkspaceLock(file, () => new Promise<void>((r) => (release = r)));
    await new Promise((r) => setTimeout(r, 50));
    const second = ReviewSession.open(new NodeReviewStore(file, undefined, { waitMs: 200 }));
    await expect(second).rejects.toThrow(
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: the review workspace is locked by \\S+ \\(pid ${process.pid} on ${os.hostname()}, since \\d{4}-`,
      ),
    );
    release();
    await held;
    await expect(ReviewSession.open(new NodeReviewStore(file, undefined, { waitMs: 200 }))).resolves.toBeInstanceOf(ReviewSession);
  });

  it('breaks a lock whose holder is gone, or that is older than the timeout', async () => {
    const file = await reviewed(path.join(tmp(), 'review.json'), 0);
    const lock = lockPathFor(file);
    const holder = { pid: 2 ** 22 + 12345, host: os.hostname(), user: 'ghost', since: at(0), nonce: 'dead' };
    writeFileSync(lock, JSON.stringify(holder));
    await expect(ReviewSession.open(new NodeReviewStore(file, undefined, { waitMs: 100 }))).resolves.toBeInstanceOf(ReviewSession);
    // Another host's holder cannot be checked: its lock stands until it is older than the timeout.
    writeFileSync(lock, JSON.stringify({ ...holder, pid: process.pid, host: 'elsewhere' }));
    await expect(ReviewSession.open(new NodeReviewStore(file, undefined, { waitMs: 100 }))).rejects.toThrow(/locked by ghost \(pid \d+ on elsewhere/);
    const old = new Date(Date.now() - 10 * 60_000);
    utimesSync(lock, old, old);
    await expect(ReviewSession.open(new NodeReviewStore(file, undefined, { waitMs: 100 }))).resolves.toBeInstanceOf(ReviewSession);
    expect(existsSync(lock)).toBe(false);
  });
});

describe('review workspace recovery', () => {
  it('detects a removed last audit line instead of reusing its sequence number', async () => {
    const dir = tmp();
    const file = await reviewed(path.join(dir, 'review.json'));
    const auditFile = path.join(dir, 'review.audit.jsonl');
    const lines = readFileSync(auditFile, 'utf8').trim().split('\n');
    writeFileSync(auditFile, lines.slice(0, -1).join('\n') + '\n');
    await expect(ReviewSession.open(new NodeReviewStore(file))).rejects.toThrow(
      /review\.audit\.jsonl: the audit log ends at entry 3 but .*review\.json has applied entry 4: its last line\(s\) were removed/,
    );
    // Re-grown to the same length with another entry 4: refused as rewritten.
    const other = await (async () => {
      const d2 = tmp();
      await reviewed(path.join(d2, 'review.json'), 2);
      const s = await ReviewSession.open(new NodeReviewStore(path.join(d2, 'review.json')));
      await s.decide({ proposal_id: proposals[2].proposal_id, action: 'reject', by: 'eve', at: at(9), reason: 'other' });
      return readFileSync(path.join(d2, 'review.audit.jsonl'), 'utf8');
    })();
    writeFileSync(auditFile, other);
    await expect(ReviewSession.open(new NodeReviewStore(file))).rejects.toThrow(/audit entry 4 is not the one .* recorded \(its hash differs\)/);
    writeFileSync(auditFile, lines.join('\n') + '\n');
    await expect(ReviewSession.open(new NodeReviewStore(file))).resolves.toBeInstanceOf(ReviewSession);
  });

  it('rebuilds a lost workspace file from the audit log and the proposals', async () => {
    const dir = tmp();
    const file = await reviewed(path.join(dir, 'review.json'));
    const expected = (await ReviewSession.open(new NodeReviewStore(file))).workspace;
    rmSync(file);
    await expect(ReviewSession.open(new NodeReviewStore(file))).rejects.toThrow(
      /review\.json: the workspace file is missing but .* holds 4 entries: pass --proposals FILE/,
    );
    const s = await ReviewSession.open(new NodeReviewStore(file), { proposals: proposals.slice(1) });
    expect(s.rebuilt).toEqual({ decisions: 2, skipped: 1 });
    expect(s.workspace.entries.filter((e) => e.state === 'approved').map((e) => e.proposal.proposal_id)).toEqual(
      expected.entries
        .filter((e) => e.state === 'approved' && e.proposal.proposal_id !== proposals[0].proposal_id)
        .map((e) => e.proposal.proposal_id),
    );
    expect(s.workspace.audit_seq).toBe(4);
    // Saved: the next open needs no proposals, and the chain continues.
    const next = await ReviewSession.open(new NodeReviewStore(file));
    await next.decide({ proposal_id: proposals[3].proposal_id, action: 'approve', by: 'ana', at: at(8), reason: '' });
    expect(parseAuditLog(readFileSync(path.join(dir, 'review.audit.jsonl'), 'utf8'), 'a').map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('exports and reviews through the CLI after the workspace file was lost', async () => {
    const dir = tmp();
    const file = await reviewed(path.join(dir, 'review.json'));
    const props = path.join(dir, 'proposals.json');
    writeFileSync(props, JSON.stringify(proposalsDocument(proposals)));
    rmSync(file);
    const out = path.join(dir, 'approved.csv');
    writeFileSync(path.join(dir, '.approved.csv.4242424.tmp'), 'half an export'); // a killed export's leftover
    const exp = await cli('export', '--proposals', props, '--workspace', file, '--approved-only', '--format', 'csv', '--out', out);
    expect([exp.code, exp.err]).toEqual([0, '']);
    expect(exp.out).toMatch(/: 3 proposal\(s\) \(approved only\)/);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    rmSync(file);
    const bare = await cli('review', '--workspace', file, '--list');
    expect([bare.code, bare.err.trim().split('\n').length]).toEqual([1, 1]);
    expect(bare.err).toMatch(/the workspace file is missing .* pass --proposals FILE/);
    const r = await cli('review', '--workspace', file, '--proposals', props, '--list');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/rebuilt .*review\.json from its audit log: 3 decision\(s\) replayed/);
    expect(r.out.split('\n').filter((l) => l.includes('\tapproved\t'))).toHaveLength(3);
  });

  it('removes temp files a killed writer left beside the workspace', async () => {
    const dir = tmp();
    const file = await reviewed(path.join(dir, 'review.json'), 1);
    writeFileSync(path.join(dir, '.review.json.424242.1767225600000.tmp'), '{"half');
    writeFileSync(path.join(dir, 'notes.tmp'), 'not ours');
    await ReviewSession.open(new NodeReviewStore(file));
    expect(readdirSync(dir).sort()).toEqual(['notes.tmp', 'review.audit.jsonl', 'review.json']);
  });
});
