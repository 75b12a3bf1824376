/**
 * Proposals review queue: credit/debit memo lines proposed from the findings. Keyboard first:
 * ↑/↓ (or j/k) move, A approves, R rejects (asks why), E edits amount/memo, U reopens. Totals per
 * currency (never added across currencies); export through the host's save dialog.
 */
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { reviewedProposals, type ReviewAction, type ProposalEdits } from '../../../src/proposals/review';
import { totalsByCurrency } from '../../../src/proposals/model';
import { formatMinor } from '../../../src/model/money';
import { setState, useApp } from '../../app/store';
import { formatMoney, formatCount } from '../../lib/format-money';
import { reviewDecide } from '../../analysis/review';
import { RunStatus } from '../../app/RunStatus';
import { ExportMenu } from './ExportMenu';
import { EditDialog } from './EditDialog';
import { ReviewTrail } from './ReviewTrail';

const STATE_LABEL: Record<string, string> = {
  proposed: '• proposed',
  approved: '✓ approved',
  rejected: '✕ rejected',
  edited: '✎ edited',
};

export function ProposalsScreen() {
  const review = useApp((s) => s.review);
  const reviewer = useApp((s) => s.reviewer);
  const [active, setActive] = useState(0);
  const [rejecting, setRejecting] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const tableRef = useRef<HTMLTableSectionElement>(null);
  const rows = useMemo(() => (review ? reviewedProposals(review) : []), [review]);
  const totals = useMemo(() => totalsByCurrency(rows.filter((r) => r.state !== 'rejected').map((r) => r.proposal)), [rows]);
  const approvedTotals = useMemo(() => totalsByCurrency(rows.filter((r) => r.state === 'approved').map((r) => r.proposal)), [rows]);

  const decide = async (id: string, action: ReviewAction, why = '', changes?: ProposalEdits) => {
    setError(null);
    if (!reviewer.trim()) {
      setError('Enter your name as reviewer first: every decision records who made it.');
      document.getElementById('reviewer')?.focus();
      return;
    }
    try {
      await reviewDecide({ proposal_id: id, action, by: reviewer.trim(), at: new Date().toISOString(), reason: why, changes });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const focusRow = (i: number) => {
    const n = Math.max(0, Math.min(rows.length - 1, i));
    setActive(n);
    (tableRef.current?.querySelectorAll('tr')[n] as HTMLElement | undefined)?.focus();
  };

  const onKey = (e: KeyboardEvent<HTMLTableSectionElement>) => {
    const r = rows[active];
    if (!r) return;
    const id = r.proposal.proposal_id;
    const k = e.key.toLowerCase();
    if (e.key === 'ArrowDown' || k === 'j') focusRow(active + 1);
    else if (e.key === 'ArrowUp' || k === 'k') focusRow(active - 1);
    else if (k === 'a') void decide(id, 'approve');
    else if (k === 'r') {
      setRejecting(id);
      setReason('');
    } else if (k === 'e') setEditing(id);
    else if (k === 'u') void decide(id, 'reopen', 'reopened for review');
    else return;
    e.preventDefault();
  };

  return (
    <>
      <h1>Proposals</h1>
      <p className="subtitle">
        Credit and debit memo lines proposed from reconciliation and event findings. Keys: ↑/↓ move · A approve · R reject · E edit · U reopen.
      </p>
      <RunStatus names={['proposals', 'review']} />
      <div className="toolbar">
        <label>
          Reviewer{' '}
          <input id="reviewer" aria-label="Reviewer name" value={reviewer} onChange={(e) => setState({ reviewer: e.target.value })} placeholder="your name" />
        </label>
        <span className="grow" />
        <ExportMenu rows={rows} />
      </div>
      {error && (
        <div className="card error" role="alert" style={{ marginBottom: 10 }}>
          {error}
        </div>
      )}
      <div className="tiles" style={{ marginBottom: 12 }} data-testid="proposal-totals">
        {totals.map((t) => {
          const ap = approvedTotals.find((a) => a.currency === t.currency);
          const net = formatMoney(formatMinor(t.net_minor, t.currency), t.currency);
          return (
            <section key={t.currency} className="tile" aria-label={`Totals in ${t.currency}`}>
              <div className="label">{t.currency} · open and approved (rejected excluded)</div>
              <div className="tabular" style={{ textAlign: 'right', marginTop: 4 }}>
                Credits <strong>{formatMoney(formatMinor(t.credit_minor, t.currency), t.currency).text}</strong> ({t.credit_count})<br />
                Debits <strong>{formatMoney(formatMinor(t.debit_minor, t.currency), t.currency).text}</strong> ({t.debit_count})<br />
                Net <strong className={net.negative ? 'neg' : ''}>{net.text}</strong>
              </div>
              <div className="note">
                Approved: {ap ? `${formatCount(ap.credit_count + ap.debit_count)} lines, net ${formatMoney(formatMinor(ap.net_minor, t.currency), t.currency).text}` : 'none yet'}
              </div>
            </section>
          );
        })}
      </div>
      {rows.length === 0 ? (
        <div className="empty-state">
          <strong>No proposals.</strong>
          Proposals appear when reconciliation finds under- or over-billing. Load usage events, a price book and invoices on the Data screen.
        </div>
      ) : (
        <div className="panel" style={{ padding: 0, overflow: 'auto', maxHeight: 'calc(100vh - 360px)' }}>
          <table className="file-table" aria-label="Review queue" data-testid="review-queue">
            <thead>
              <tr>
                <th scope="col">State</th>
                <th scope="col">Direction</th>
                <th scope="col">Customer</th>
                <th scope="col">SKU</th>
                <th scope="col">Period</th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col">Cur.</th>
                <th scope="col">Finding</th>
                <th scope="col" className="num">
                  Confidence
                </th>
                <th scope="col">Memo</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody ref={tableRef} onKeyDown={onKey}>
              {rows.map((r, i) => {
                const p = r.proposal;
                const amt = formatMoney(formatMinor(p.amount_minor, p.currency), p.currency);
                return (
                  <tr
                    key={p.proposal_id}
                    tabIndex={i === active ? 0 : -1}
                    aria-selected={i === active}
                    className={i === active ? 'active-row' : undefined}
                    onFocus={() => setActive(i)}
                    data-proposal={p.proposal_id}
                    data-state={r.state}
                  >
                    <td>{STATE_LABEL[r.state] ?? r.state}</td>
                    <td className={p.direction === 'credit' ? 'neg' : ''}>{p.direction === 'credit' ? '↓ credit' : '↑ debit'}</td>
                    <td>{p.customer_id || '(no customer)'}</td>
                    <td>{p.sku}</td>
                    <td className="tabular">{p.period}</td>
                    <td className="num tabular">{amt.text}</td>
                    <td>{p.currency}</td>
                    <td>{p.finding_code}</td>
                    <td className="num tabular">{Math.round(p.confidence * 100)}%</td>
                    <td style={{ maxWidth: 220, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }} title={p.memo}>
                      {p.memo}
                    </td>
                    <td style={{ whiteSpace: 'nowrap' }}>
                      <button type="button" className="btn" onClick={() => void decide(p.proposal_id, 'approve')} aria-label={`Approve ${p.proposal_id}`}>
                        Approve
                      </button>{' '}
                      <button
                        type="button"
                        className="btn"
                        onClick={() => {
                          setRejecting(p.proposal_id);
                          setReason('');
                        }}
                        aria-label={`Reject ${p.proposal_id}`}
                      >
                        Reject
                      </button>{' '}
                      <button type="button" className="btn" onClick={() => setEditing(p.proposal_id)} aria-label={`Edit ${p.proposal_id}`}>
                        Edit
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <ReviewTrail />
      {rejecting && (
        <div className="dialog-backdrop" role="presentation">
          <form
            className="dialog"
            role="dialog"
            aria-modal="true"
            aria-label="Reject proposal"
            onSubmit={(e) => {
              e.preventDefault();
              void decide(rejecting, 'reject', reason).then(() => setRejecting(null));
            }}
            onKeyDown={(e) => e.key === 'Escape' && setRejecting(null)}
          >
            <h2 style={{ marginTop: 0 }}>Reject {rejecting}</h2>
            <label>
              Why? (recorded in the audit trail)
              <input autoFocus style={{ width: '100%' }} value={reason} onChange={(e) => setReason(e.target.value)} required />
            </label>
            <div className="toolbar" style={{ marginTop: 12 }}>
              <span className="grow" />
              <button type="button" className="btn" onClick={() => setRejecting(null)}>
                Cancel
              </button>
              <button type="submit" className="btn primary">
                Reject
              </button>
            </div>
          </form>
        </div>
      )}
      {editing && (
        <EditDialog
          row={rows.find((r) => r.proposal.proposal_id === editing)!}
          onCancel={() => setEditing(null)}
          onSave={(changes, why) => void decide(editing, 'edit', why, changes).then(() => setEditing(null))}
        />
      )}
    </>
  );
}
