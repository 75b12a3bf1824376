/** Edit a proposal's amount (major units, exact) and memo; the core validates before anything is saved. */
import { useState } from 'react';
import type { ProposalEdits, ReviewedProposal } from '../../../src/proposals/review';
import { formatMinor } from '../../../src/model/money';

export function EditDialog(props: { row: ReviewedProposal; onCancel: () => void; onSave: (changes: ProposalEdits, reason: string) => void }) {
  const p = props.row.proposal;
  const [amount, setAmount] = useState(formatMinor(p.amount_minor, p.currency));
  const [memo, setMemo] = useState(p.memo);
  const [reason, setReason] = useState('');
  return (
    <div className="dialog-backdrop" role="presentation">
      <form
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-label="Edit proposal"
        onKeyDown={(e) => e.key === 'Escape' && props.onCancel()}
        onSubmit={(e) => {
          e.preventDefault();
          const changes: ProposalEdits = {};
          if (amount !== formatMinor(p.amount_minor, p.currency)) changes.amount = amount.trim();
          if (memo !== p.memo) changes.memo = memo;
          props.onSave(changes, reason);
        }}
      >
        <h2 style={{ marginTop: 0 }}>
          Edit {p.direction} for {p.customer_id || '(no customer)'} · {p.sku} · {p.period}
        </h2>
        <p className="muted">Originally proposed: {props.row.original_amount} {p.currency}</p>
        <label style={{ display: 'block', marginBottom: 8 }}>
          Amount ({p.currency})
          <input autoFocus className="tabular" style={{ width: '100%', textAlign: 'right' }} value={amount} onChange={(e) => setAmount(e.target.value)} inputMode="decimal" />
        </label>
        <label style={{ display: 'block', marginBottom: 8 }}>
          Memo
          <textarea style={{ width: '100%' }} rows={3} value={memo} onChange={(e) => setMemo(e.target.value)} />
        </label>
        <label style={{ display: 'block' }}>
          Reason for the change (recorded)
          <input style={{ width: '100%' }} value={reason} onChange={(e) => setReason(e.target.value)} required />
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
      </form>
    </div>
  );
}
