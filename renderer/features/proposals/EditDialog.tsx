/**
 * Edit a proposal's amount (major units, exact) and memo; the core validates before anything is
 * saved. A refused edit keeps the dialog open with what was typed and the reason beside the
 * field, naming the customer (the proposal id means nothing to the analyst).
 */
import { useRef, useState } from 'react';
import type { ProposalEdits, ReviewedProposal } from '../../../src/proposals/review';
import type { Proposal } from '../../../src/proposals/model';
import { formatMinor } from '../../../src/model/money';
import { Dialog } from '../../components/Dialog';
import { customerLabel } from './queue-columns';

type Field = 'amount' | 'memo' | 'reason' | 'form';

const FIELD_LABEL: Record<Exclude<Field, 'form'>, string> = { amount: 'Amount', memo: 'Memo', reason: 'Reason' };

/** Where a refused edit goes in the dialog and what it says. */
export function editError(e: unknown, p: Proposal): { field: Field; text: string } {
  const details = (e as { details?: { column?: string; expected?: string } }).details ?? {};
  const message = e instanceof Error ? e.message : String(e);
  const who = `${customerLabel(p.customer_id)} (${p.sku} · ${p.period})`;
  const column = details.column;
  if (column === 'amount' || column === 'memo' || column === 'reason') {
    const what = column === 'reason' ? 'needs a reason: it is recorded in the audit trail' : (details.expected ?? message);
    return { field: column, text: `${FIELD_LABEL[column]} for ${who} ${what}.` };
  }
  if (column === 'changes') return { field: 'form', text: `Nothing was changed for ${who}: change the amount or the memo, or cancel.` };
  return { field: 'form', text: `${who}: ${message}` };
}

export function EditDialog(props: {
  row: ReviewedProposal;
  onCancel: () => void;
  /** Resolves when the edit was recorded; rejects with the core's error otherwise. */
  onSave: (changes: ProposalEdits, reason: string) => Promise<void>;
  returnFocus?: () => HTMLElement | null | undefined;
}) {
  const p = props.row.proposal;
  const [amount, setAmount] = useState(formatMinor(p.amount_minor, p.currency));
  const [memo, setMemo] = useState(p.memo);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<{ field: Field; text: string } | null>(null);
  // A ref, not a disabled button: disabling the focused button would drop focus to the page.
  const saving = useRef(false);
  const fields = { amount: useRef<HTMLInputElement>(null), memo: useRef<HTMLTextAreaElement>(null), reason: useRef<HTMLInputElement>(null) };

  const save = async () => {
    const changes: ProposalEdits = {};
    if (amount !== formatMinor(p.amount_minor, p.currency)) changes.amount = amount.trim();
    if (memo !== p.memo) changes.memo = memo;
    if (saving.current) return;
    saving.current = true;
    try {
      await props.onSave(changes, reason);
    } catch (e) {
      const err = editError(e, p);
      setError(err);
      if (err.field !== 'form') fields[err.field].current?.focus();
    } finally {
      saving.current = false;
    }
  };

  const fieldError = (field: Field) =>
    error?.field === field ? (
      <span id={`edit-${field}-error`} className="error-text" role="alert" style={{ display: 'block', marginTop: 2 }}>
        {error.text}
      </span>
    ) : null;
  const invalid = (field: Field) => (error?.field === field ? { 'aria-invalid': true, 'aria-describedby': `edit-${field}-error` } : {});

  return (
    <Dialog label="Edit proposal" onCancel={props.onCancel} onSubmit={() => void save()} returnFocus={props.returnFocus}>
      <h2 style={{ marginTop: 0 }}>
        Edit {p.direction} for {customerLabel(p.customer_id)} · {p.sku} · {p.period}
      </h2>
      <p className="muted">
        Originally proposed: {props.row.original_amount} {p.currency}
      </p>
      {fieldError('form')}
      <label style={{ display: 'block', marginBottom: 8 }}>
        Amount ({p.currency})
        <input
          ref={fields.amount}
          autoFocus
          className="tabular"
          style={{ width: '100%', textAlign: 'right' }}
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          inputMode="decimal"
          {...invalid('amount')}
        />
        {fieldError('amount')}
      </label>
      <label style={{ display: 'block', marginBottom: 8 }}>
        Memo
        <textarea ref={fields.memo} style={{ width: '100%' }} rows={3} value={memo} onChange={(e) => setMemo(e.target.value)} {...invalid('memo')} />
        {fieldError('memo')}
      </label>
      <label style={{ display: 'block' }}>
        Reason for the change (recorded)
        <input
          ref={fields.reason}
          style={{ width: '100%' }}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          required
          {...invalid('reason')}
        />
        {fieldError('reason')}
      </label>
      <div className="toolbar" style={{ marginTop: 12 }}>
        <span className="grow" />
        <button type="button" className="btn" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="submit" className="btn primary">
          Save edit
        </button>
      </div>
    </Dialog>
  );
}
