/**
 * The review's audit trail under the queue: every decision (who, when, why), merge and restore,
 * newest first, a page at a time, each with its hash; whether the decisions are saved (they save
 * themselves); and Verify, which re-reads the stored log and checks its hash chain entry by entry
 * and against the head the review recorded, naming the line where it breaks.
 */
import { useEffect, useState } from 'react';
import type { AuditBreak, AuditCheck, AuditEntry } from '../../../src/proposals/audit';
import { useApp } from '../../app/store';
import { reviewAuditCheck } from '../../analysis/review';

const PAGE = 50;

function what(e: AuditEntry, names: Map<string, string>): string {
  switch (e.type) {
    case 'decision':
      return `${e.action} ${names.get(e.proposal_id) ?? e.proposal_id}`;
    case 'merge':
      return `analysis merged: ${e.added} new, ${e.kept} kept, ${e.stale} stale`;
    case 'restore':
      return `review replaced from ${e.source} (${e.entries} proposals)`;
  }
}

export function when(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');
}

type Verdict = { at: string; entries: number; verified: number; breakAt: AuditBreak | null; file: string; head: string | null };

function verdictOf(r: { check: AuditCheck; head: AuditBreak | null; file: string }): Verdict {
  const breakAt = r.check.broken ?? r.head;
  return {
    at: new Date().toISOString(),
    entries: r.check.lines.length,
    verified: r.check.verified,
    breakAt,
    file: r.file,
    head: r.check.lines.at(-1)?.entry.hash ?? null,
  };
}

function VerifyResult({ v }: { v: Verdict }) {
  if (!v.breakAt) {
    return (
      <div className="card" role="status" data-testid="audit-verify" data-result="intact">
        ✓ Chain intact: {v.entries} {v.entries === 1 ? 'entry' : 'entries'}, each hash matches its content and links to the one before
        {v.head ? ` · head ${v.head.slice(0, 12)}…` : ''} · checked {when(v.at)}
      </div>
    );
  }
  const b = v.breakAt;
  return (
    <div className="card error" role="alert" data-testid="audit-verify" data-result="broken" data-line={b.line}>
      ✕ The chain breaks at line {b.line} of {v.file}
      {b.seq !== null ? ` (entry ${b.seq})` : ''}: {b.problem}. {v.verified > 0 ? `Entries 1–${v.verified} verify.` : 'No entry before it verifies.'}{' '}
      Restore the log from a backup before relying on it.
    </div>
  );
}

export function ReviewTrail() {
  const review = useApp((s) => s.review);
  const save = useApp((s) => s.reviewSave);
  const [check, setCheck] = useState<{ check: AuditCheck; head: AuditBreak | null; file: string } | null>(null);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [page, setPage] = useState(0);
  useEffect(() => {
    let live = true;
    void reviewAuditCheck().then(
      (c) => live && setCheck(c),
      () => live && setCheck(null),
    );
    return () => {
      live = false;
    };
  }, [review]);
  const verify = async () => setVerdict(verdictOf(await reviewAuditCheck()));
  const names = new Map(
    (review?.entries ?? []).map((r) => [
      r.proposal.proposal_id,
      `${r.proposal.customer_id || '(no customer)'} · ${r.proposal.sku} · ${r.proposal.period}`,
    ]),
  );
  const lines = check?.check.lines ?? [];
  const decisions = lines.filter((l) => l.entry.type === 'decision').length;
  const pages = Math.max(1, Math.ceil(lines.length / PAGE));
  const shownPage = Math.min(page, pages - 1);
  const newestFirst = [...lines].reverse().slice(shownPage * PAGE, (shownPage + 1) * PAGE);
  const brokenLine = verdict?.breakAt?.line;
  return (
    <section className="panel" style={{ marginTop: 12 }} aria-label="Audit trail" data-testid="audit-trail">
      <div className="toolbar" style={{ marginBottom: 6 }}>
        <h2 style={{ margin: 0 }}>Audit trail</h2>
        <span className="muted" role="status" data-testid="review-save" data-status={save.status}>
          {save.status === 'failed'
            ? `⚠ Decisions are not saved: ${save.message}`
            : `Decisions save automatically${save.at ? ` · last saved ${when(save.at)}` : ''} · ${decisions} decision${decisions === 1 ? '' : 's'} recorded`}
        </span>
        <span className="grow" />
        <button type="button" className="btn" onClick={() => void verify()} data-testid="audit-verify-button">
          Verify chain
        </button>
      </div>
      {verdict && <VerifyResult v={verdict} />}
      {lines.length > 0 ? (
        <>
          <table className="file-table" aria-label="Audit log entries" style={{ marginTop: 6 }}>
            <thead>
              <tr>
                <th scope="col" className="num">
                  #
                </th>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Why</th>
                <th scope="col">Hash</th>
              </tr>
            </thead>
            <tbody>
              {newestFirst.map(({ line, entry: e }) => (
                <tr
                  key={line}
                  data-seq={e.seq}
                  data-line={line}
                  data-type={e.type}
                  data-action={e.type === 'decision' ? e.action : undefined}
                  data-audit-proposal={e.type === 'decision' ? e.proposal_id : undefined}
                  className={line === brokenLine ? 'row-negative' : undefined}
                >
                  <td className="num tabular">{e.seq}</td>
                  <td className="tabular">{when(e.at)}</td>
                  <td>{e.by}</td>
                  <td title={e.type === 'decision' ? e.proposal_id : undefined}>{what(e, names)}</td>
                  <td>{e.type === 'decision' ? e.reason : ''}</td>
                  <td className="tabular muted" title={`hash ${e.hash}\nprevious ${e.prev_hash}`}>
                    {line === brokenLine ? '⚠ ' : ''}
                    {e.hash.slice(0, 12)}…
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {pages > 1 && (
            <div className="toolbar" style={{ marginTop: 6 }}>
              <button type="button" className="btn" disabled={shownPage === 0} onClick={() => setPage(shownPage - 1)}>
                Newer
              </button>
              <span className="muted tabular" data-testid="audit-page">
                Entries {lines.length - shownPage * PAGE}–{Math.max(1, lines.length - (shownPage + 1) * PAGE + 1)} of {lines.length}
              </span>
              <button type="button" className="btn" disabled={shownPage >= pages - 1} onClick={() => setPage(shownPage + 1)}>
                Older
              </button>
            </div>
          )}
        </>
      ) : (
        <p className="muted" style={{ margin: 0 }}>
          No entries yet.
        </p>
      )}
    </section>
  );
}
