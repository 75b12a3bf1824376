/**
 * Proposals review queue: credit/debit memo lines proposed from the findings. Keyboard first:
 * ↑/↓ (or j/k) move, A approves, R rejects (asks why), E edits amount/memo, U reopens; focus
 * stays on the row (or returns to the button that opened a dialog). Sortable by any column.
 * Enter (or Evidence) opens a proposal's evidence. Filters by finding, customer, state, confidence
 * and amount; totals per currency of the rows shown (never added across currencies); export of the
 * rows shown through the host's save dialog.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { UserError } from '../../../src/model/errors';
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
import { Dialog } from '../../components/Dialog';
import { customerLabel, nextQueueSort, QUEUE_COLUMNS, sortQueue, type QueueSort } from './queue-columns';
import { filterQueue, isFiltered, minAmountOf, NO_FILTER, type QueueFilter } from './queue-filter';
import { ProposalEvidence } from './ProposalEvidence';
import { when } from './ReviewTrail';

const STATE_LABEL: Record<string, string> = {
  proposed: '• proposed',
  approved: '✓ approved',
  rejected: '✕ rejected',
  edited: '✎ edited',
};

export function ProposalsScreen() {
  const review = useApp((s) => s.review);
  const reviewer = useApp((s) => s.reviewer);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [sort, setSort] = useState<QueueSort>(null);
  const [rejecting, setRejecting] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [rejectError, setRejectError] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState<QueueFilter>(NO_FILTER);
  const [evidence, setEvidence] = useState<string | null>(null);
  const tableRef = useRef<HTMLTableSectionElement>(null);
  /** Set by a keyboard decision: the row keeps focus even when the new state moves it. */
  const keepRowFocus = useRef(false);
  const unsorted = useMemo(() => (review ? reviewedProposals(review) : []), [review]);
  const rows = useMemo(() => sortQueue(filterQueue(unsorted, filter), sort), [unsorted, filter, sort]);
  const findings = useMemo(() => [...new Set(unsorted.map((r) => r.proposal.finding_code))].sort(), [unsorted]);
  const customers = useMemo(() => [...new Set(unsorted.map((r) => r.proposal.customer_id))].sort(), [unsorted]);
  let amountError = false;
  try {
    minAmountOf(filter);
  } catch {
    amountError = true;
  }
  const found = rows.findIndex((r) => r.proposal.proposal_id === activeId);
  const active = found < 0 ? 0 : found;
  const totals = useMemo(() => totalsByCurrency(rows.filter((r) => r.state !== 'rejected').map((r) => r.proposal)), [rows]);
  const approvedTotals = useMemo(() => totalsByCurrency(rows.filter((r) => r.state === 'approved').map((r) => r.proposal)), [rows]);

  /** Records a decision; throws the core's UserError (dialogs show it beside their fields). */
  const record = async (id: string, action: ReviewAction, why = '', changes?: ProposalEdits) => {
    setError(null);
    if (!reviewer.trim()) throw new UserError('Enter your name as reviewer first: every decision records who made it.', { column: 'by' });
    await reviewDecide({ proposal_id: id, action, by: reviewer.trim(), at: new Date().toISOString(), reason: why, changes });
  };

  /** Approve or reopen from the queue: a refusal is shown above the queue. */
  const decide = async (id: string, action: ReviewAction, why = '') => {
    try {
      await record(id, action, why);
    } catch (e) {
      const p = rows.find((r) => r.proposal.proposal_id === id)?.proposal;
      setError(`${p ? `${customerLabel(p.customer_id)} · ${p.sku} · ${p.period}: ` : ''}${e instanceof Error ? e.message : String(e)}`);
      if ((e as UserError).details?.column === 'by') document.getElementById('reviewer')?.focus();
    }
  };

  const rowElement = (id: string | null | undefined) =>
    id ? tableRef.current?.querySelector<HTMLElement>(`tr[data-proposal="${CSS.escape(id)}"]`) : undefined;
  const activeRow = () => rowElement(rows[active]?.proposal.proposal_id);

  const focusRow = (i: number) => {
    const r = rows[Math.max(0, Math.min(rows.length - 1, i))];
    if (!r) return;
    setActiveId(r.proposal.proposal_id);
    rowElement(r.proposal.proposal_id)?.focus();
  };

  useEffect(() => {
    if (!keepRowFocus.current) return;
    keepRowFocus.current = false;
    if (!tableRef.current?.contains(document.activeElement)) activeRow()?.focus();
  });

  const openReject = (id: string) => {
    setRejecting(id);
    setReason('');
    setRejectError(null);
  };

  const submitReject = async (id: string) => {
    try {
      await record(id, 'reject', reason);
      setRejecting(null);
    } catch (e) {
      const p = rows.find((r) => r.proposal.proposal_id === id)?.proposal;
      setRejectError(`${p ? customerLabel(p.customer_id) : id}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  const onKey = (e: KeyboardEvent<HTMLTableSectionElement>) => {
    const r = rows[active];
    if (!r) return;
    const id = r.proposal.proposal_id;
    const k = e.key.toLowerCase();
    if (e.key === 'ArrowDown' || k === 'j') focusRow(active + 1);
    else if (e.key === 'ArrowUp' || k === 'k') focusRow(active - 1);
    else if (e.key === 'Home') focusRow(0);
    else if (e.key === 'End') focusRow(rows.length - 1);
    else if (e.target !== e.currentTarget.querySelector(`tr[data-proposal="${CSS.escape(id)}"]`)) return;
    else if (k === 'a') {
      keepRowFocus.current = true;
      void decide(id, 'approve');
    } else if (e.key === 'Enter') setEvidence(id);
    else if (k === 'r') openReject(id);
    else if (k === 'e') setEditing(id);
    else if (k === 'u') {
      keepRowFocus.current = true;
      void decide(id, 'reopen', 'reopened for review');
    } else return;
    e.preventDefault();
  };

  const evidenceEntry = evidence ? review?.entries.find((e) => e.proposal.proposal_id === evidence) : undefined;
  if (evidenceEntry) {
    return (
      <ProposalEvidence
        entry={evidenceEntry}
        onBack={() => {
          keepRowFocus.current = true;
          setEvidence(null);
        }}
      />
    );
  }

  return (
    <>
      <h1>Proposals</h1>
      <p className="subtitle">
        Credit and debit memo lines proposed from reconciliation and event findings. Keys: ↑/↓ move · Enter evidence · A approve · R reject · E edit ·
        U reopen.
      </p>
      <RunStatus names={['proposals', 'review']} />
      <div className="toolbar">
        <label>
          Reviewer{' '}
          <input
            id="reviewer"
            aria-label="Reviewer name"
            value={reviewer}
            onChange={(e) => setState({ reviewer: e.target.value })}
            placeholder="your name"
          />
        </label>
        <span className="grow" />
        <ExportMenu rows={rows} />
      </div>
      <div className="toolbar" role="search" aria-label="Filter the queue" data-testid="queue-filters">
        <label>
          Finding{' '}
          <select aria-label="Finding filter" value={filter.finding} onChange={(e) => setFilter({ ...filter, finding: e.target.value })}>
            <option value="">All findings</option>
            {findings.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
        <label>
          Customer{' '}
          <select aria-label="Customer filter" value={filter.customer} onChange={(e) => setFilter({ ...filter, customer: e.target.value })}>
            <option value="">All customers</option>
            {customers.map((c) => (
              <option key={c} value={c}>
                {customerLabel(c)}
              </option>
            ))}
          </select>
        </label>
        <label>
          State{' '}
          <select aria-label="State filter" value={filter.state} onChange={(e) => setFilter({ ...filter, state: e.target.value })}>
            <option value="">All states</option>
            {Object.keys(STATE_LABEL).map((k) => (
              <option key={k} value={k}>
                {STATE_LABEL[k]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Confidence at least{' '}
          <select
            aria-label="Lowest confidence"
            value={filter.minConfidence}
            onChange={(e) => setFilter({ ...filter, minConfidence: Number(e.target.value) })}
          >
            {[0, 50, 80, 95].map((c) => (
              <option key={c} value={c}>
                {c === 0 ? 'any' : `${c}%`}
              </option>
            ))}
          </select>
        </label>
        <label>
          Amount at least{' '}
          <input
            aria-label="Lowest amount"
            inputMode="decimal"
            size={8}
            value={filter.minAmount}
            placeholder="any"
            aria-invalid={amountError || undefined}
            title={amountError ? 'Type a decimal number, e.g. 5 or 2.50' : "In each proposal's own currency"}
            onChange={(e) => setFilter({ ...filter, minAmount: e.target.value })}
          />
        </label>
        {isFiltered(filter) && (
          <>
            <span className="muted" data-testid="queue-shown">
              {formatCount(rows.length)} of {formatCount(unsorted.length)} shown
            </span>
            <button type="button" className="btn" onClick={() => setFilter(NO_FILTER)}>
              Clear filters
            </button>
          </>
        )}
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
              <div className="label">
                {t.currency} · open and approved (rejected excluded){isFiltered(filter) ? ' · rows shown' : ''}
              </div>
              <div className="tabular" style={{ textAlign: 'right', marginTop: 4 }}>
                Credits <strong>{formatMoney(formatMinor(t.credit_minor, t.currency), t.currency).text}</strong> ({t.credit_count})<br />
                Debits <strong>{formatMoney(formatMinor(t.debit_minor, t.currency), t.currency).text}</strong> ({t.debit_count})<br />
                Net <strong className={net.negative ? 'neg' : ''}>{net.text}</strong>
              </div>
              <div className="note">
                Approved:{' '}
                {ap
                  ? `${formatCount(ap.credit_count + ap.debit_count)} lines, net ${formatMoney(formatMinor(ap.net_minor, t.currency), t.currency).text}`
                  : 'none yet'}
              </div>
            </section>
          );
        })}
      </div>
      {rows.length === 0 && unsorted.length > 0 ? (
        <div className="empty-state">
          <strong>No proposals match these filters.</strong>
          {formatCount(unsorted.length)} proposals are hidden by the filters above.
        </div>
      ) : rows.length === 0 ? (
        <div className="empty-state">
          <strong>No proposals.</strong>
          Proposals appear when reconciliation finds under- or over-billing. Load usage events, a price book and invoices on the Data screen.
        </div>
      ) : (
        <div className="panel" style={{ padding: 0, overflow: 'auto', maxHeight: 'calc(100vh - 360px)' }}>
          <table className="file-table" aria-label="Review queue" data-testid="review-queue">
            <thead>
              <tr>
                {QUEUE_COLUMNS.map((c) => (
                  <th
                    key={c.key}
                    scope="col"
                    className={c.numeric ? 'num' : undefined}
                    aria-sort={sort?.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}
                  >
                    <button type="button" className="sort-head" onClick={() => setSort((s) => nextQueueSort(s, c.key))} title={`Sort by ${c.label}`}>
                      {c.label}
                      <span aria-hidden="true" className="sort-mark">
                        {sort?.key === c.key ? (sort.desc ? ' ▼' : ' ▲') : ''}
                      </span>
                    </button>
                  </th>
                ))}
                <th scope="col" className="queue-actions">
                  Actions
                </th>
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
                    onFocus={() => setActiveId(p.proposal_id)}
                    data-proposal={p.proposal_id}
                    data-state={r.state}
                  >
                    <td>{STATE_LABEL[r.state] ?? r.state}</td>
                    <td className={p.direction === 'credit' ? 'neg' : ''}>{p.direction === 'credit' ? '↓ credit' : '↑ debit'}</td>
                    <td>{customerLabel(p.customer_id)}</td>
                    <td>{p.sku}</td>
                    <td className="tabular">{p.period}</td>
                    <td className="num tabular">{amt.text}</td>
                    <td>{p.currency}</td>
                    <td>{p.finding_code}</td>
                    <td className="num tabular">{Math.round(p.confidence * 100)}%</td>
                    <td className="decided" data-decided-by={r.decided_by || undefined}>
                      {r.decided_at ? (
                        <>
                          {r.decided_by} · <span className="tabular">{when(r.decided_at)}</span>
                          {r.decision_reason && (
                            <div
                              className="muted"
                              style={{ maxWidth: 220, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}
                              title={r.decision_reason}
                            >
                              {r.decision_reason}
                            </div>
                          )}
                        </>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td style={{ maxWidth: 180, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }} title={p.memo}>
                      {p.memo}
                    </td>
                    <td className="queue-actions">
                      <button
                        type="button"
                        className="btn"
                        onClick={() => void decide(p.proposal_id, 'approve')}
                        aria-label={`Approve ${p.proposal_id}`}
                      >
                        Approve
                      </button>{' '}
                      <button type="button" className="btn" onClick={() => openReject(p.proposal_id)} aria-label={`Reject ${p.proposal_id}`}>
                        Reject
                      </button>{' '}
                      <button type="button" className="btn" onClick={() => setEditing(p.proposal_id)} aria-label={`Edit ${p.proposal_id}`}>
                        Edit
                      </button>{' '}
                      <button type="button" className="btn" onClick={() => setEvidence(p.proposal_id)} aria-label={`Evidence of ${p.proposal_id}`}>
                        Evidence
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
        <Dialog label="Reject proposal" onCancel={() => setRejecting(null)} onSubmit={() => void submitReject(rejecting)} returnFocus={activeRow}>
          <h2 style={{ marginTop: 0 }}>Reject {describe(rows, rejecting)}</h2>
          <label>
            Why? (recorded in the audit trail)
            <input
              autoFocus
              style={{ width: '100%' }}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              required
              aria-invalid={rejectError ? true : undefined}
              aria-describedby={rejectError ? 'reject-error' : undefined}
            />
          </label>
          {rejectError && (
            <span id="reject-error" className="error-text" role="alert" style={{ display: 'block', marginTop: 2 }}>
              {rejectError}
            </span>
          )}
          <div className="toolbar" style={{ marginTop: 12 }}>
            <span className="grow" />
            <button type="button" className="btn" onClick={() => setRejecting(null)}>
              Cancel
            </button>
            <button type="submit" className="btn primary">
              Reject
            </button>
          </div>
        </Dialog>
      )}
      {editing && (
        <EditDialog
          row={rows.find((r) => r.proposal.proposal_id === editing)!}
          onCancel={() => setEditing(null)}
          onSave={(changes, why) => record(editing, 'edit', why, changes).then(() => setEditing(null))}
          returnFocus={activeRow}
        />
      )}
    </>
  );
}

/** "credit for cus_1 · api · 2024-03" for a dialog title (the id stays in data-proposal). */
function describe(
  rows: { proposal: { proposal_id: string; direction: string; customer_id: string; sku: string; period: string } }[],
  id: string,
): string {
  const p = rows.find((r) => r.proposal.proposal_id === id)?.proposal;
  return p ? `${p.direction} for ${customerLabel(p.customer_id)} · ${p.sku} · ${p.period}` : id;
}
