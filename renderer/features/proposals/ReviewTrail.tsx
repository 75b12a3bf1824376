/**
 * The review's audit trail under the queue: every decision (who, when, why), merge and restore,
 * newest first, and whether the decisions are saved (they save themselves).
 */
import { useEffect, useState } from 'react';
import type { AuditEntry } from '../../../src/proposals/audit';
import { useApp } from '../../app/store';
import { reviewAuditTrail } from '../../analysis/review';

const SHOWN = 50;

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

function when(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');
}

export function ReviewTrail() {
  const review = useApp((s) => s.review);
  const save = useApp((s) => s.reviewSave);
  const [trail, setTrail] = useState<AuditEntry[] | null>(null);
  useEffect(() => {
    let live = true;
    void reviewAuditTrail().then(
      (t) => live && setTrail(t),
      () => live && setTrail([]),
    );
    return () => {
      live = false;
    };
  }, [review]);
  const names = new Map(
    (review?.entries ?? []).map((r) => [
      r.proposal.proposal_id,
      `${r.proposal.customer_id || '(no customer)'} · ${r.proposal.sku} · ${r.proposal.period}`,
    ]),
  );
  const decisions = trail?.filter((e) => e.type === 'decision').length ?? 0;
  return (
    <section className="panel" style={{ marginTop: 12 }} aria-label="Audit trail" data-testid="audit-trail">
      <div className="toolbar" style={{ marginBottom: 6 }}>
        <h2 style={{ margin: 0 }}>Audit trail</h2>
        <span className="muted" role="status" data-testid="review-save" data-status={save.status}>
          {save.status === 'failed'
            ? `⚠ Decisions are not saved: ${save.message}`
            : `Decisions save automatically${save.at ? ` · last saved ${when(save.at)}` : ''} · ${decisions} decision${decisions === 1 ? '' : 's'} recorded`}
        </span>
      </div>
      {trail && trail.length > 0 ? (
        <table className="file-table">
          <thead>
            <tr>
              <th scope="col" className="num">
                #
              </th>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {trail
              .slice(-SHOWN)
              .reverse()
              .map((e) => (
                <tr
                  key={e.seq}
                  data-seq={e.seq}
                  data-type={e.type}
                  data-action={e.type === 'decision' ? e.action : undefined}
                  data-audit-proposal={e.type === 'decision' ? e.proposal_id : undefined}
                >
                  <td className="num tabular">{e.seq}</td>
                  <td className="tabular">{when(e.at)}</td>
                  <td>{e.by}</td>
                  <td title={e.type === 'decision' ? e.proposal_id : undefined}>{what(e, names)}</td>
                  <td>{e.type === 'decision' ? e.reason : ''}</td>
                </tr>
              ))}
          </tbody>
        </table>
      ) : (
        <p className="muted" style={{ margin: 0 }}>
          No entries yet.
        </p>
      )}
    </section>
  );
}
