/**
 * One proposal with its evidence: what it proposes, every decision on it (who, when, why), the
 * findings behind it, its reconciliation row, the usage events it names, and the usage events and
 * invoice lines of its customer × SKU × period (paged from the engine, source file and row first).
 * Esc goes back to the queue.
 */
import type { ReviewEntry } from '../../../src/proposals/review';
import { effectiveProposal } from '../../../src/proposals/review';
import { formatMinor } from '../../../src/model/money';
import { useApp } from '../../app/store';
import { useEscape } from '../../lib/use-escape';
import { useNamedQuery } from '../../lib/use-query';
import { formatMoney } from '../../lib/format-money';
import { SourceRows } from '../data/SourceRows';
import { STATUS_LABEL } from '../../../src/queries/reconciliation/rows';
import { reconciliationInvoiceLines, reconciliationUsageEvents } from '../../../src/queries/reconciliation/rows-behind';
import { eventsNamed, proposalReconciliationRow } from '../../../src/queries/proposals/evidence';
import { customerLabel } from './queue-columns';
import { when } from './ReviewTrail';

const money = (v: string | null, currency: string) => (v == null ? '—' : formatMoney(v, currency).text);
/** An exact decimal string without its trailing zeros ("6395.000000" → "6395"), never through a float. */
const qty = (v: string | null) => (v == null ? '—' : v.includes('.') ? v.replace(/0+$/, '').replace(/\.$/, '') : v);

export function ProposalEvidence({ entry, onBack }: { entry: ReviewEntry; onBack: () => void }) {
  const engine = useApp((s) => s.engine);
  const av = useApp((s) => s.analysisVersion);
  const granularity = useApp((s) => s.billingConfig.period);
  useEscape(onBack);
  const p = effectiveProposal(entry);
  const scope = { customer: p.customer_id, sku: p.sku, period: p.period, currency: p.currency };
  const recon = useNamedQuery(engine, proposalReconciliationRow(scope), av);
  const named = [...new Set(p.evidence.filter((e) => e.kind === 'event' && e.id).flatMap((e) => e.id!.split(' ')))];
  const cell = { ...scope, granularity };
  const title = `${p.direction} ${formatMoney(formatMinor(p.amount_minor, p.currency), p.currency).text} ${p.currency} · ${customerLabel(p.customer_id)} · ${p.sku} · ${p.period}`;
  const r = recon.rows?.[0];
  return (
    <div data-testid="proposal-evidence" data-proposal={p.proposal_id}>
      <nav className="breadcrumbs" aria-label="Drill path">
        <button type="button" onClick={onBack}>
          Proposals
        </button>
        <span aria-hidden="true">›</span>
        <span>{title}</span>
      </nav>
      <h1>Evidence for {title}</h1>
      <p className="subtitle">
        {p.finding_code} · confidence {Math.round(p.confidence * 100)}% · {entry.state}
        {entry.edits ? ' (edited)' : ''} · {p.memo} · Esc goes back.
      </p>
      <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1.1fr) minmax(0, 1fr) minmax(0, 1.2fr)', gap: 12, marginBottom: 12 }}>
        <section className="tile" aria-label="Decisions" data-testid="evidence-decisions">
          <div className="label">Decisions</div>
          {entry.history.length === 0 ? (
            <p className="muted" style={{ margin: '4px 0 0' }}>
              Not decided yet.
            </p>
          ) : (
            <table className="file-table">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">Action</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {entry.history.map((h, i) => (
                  <tr key={i} data-action={h.action}>
                    <td className="tabular">{when(h.at)}</td>
                    <td>{h.by}</td>
                    <td>{h.action}</td>
                    <td>{h.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section className="tile" aria-label="Reconciliation row" data-testid="evidence-reconciliation">
          <div className="label">Reconciliation row</div>
          {r ? (
            <dl className="tabular evidence-kv">
              <dt>Status</dt>
              <dd data-field="status">{STATUS_LABEL[r.status] ?? r.status}</dd>
              <dt>Metered / billed qty</dt>
              <dd data-field="quantities">
                {qty(r.metered_quantity)} / {qty(r.billed_quantity)} (Δ {qty(r.quantity_delta)})
              </dd>
              <dt>Unit price expected / billed</dt>
              <dd>
                {qty(r.expected_unit_price)} / {qty(r.billed_unit_price)}
              </dd>
              <dt>Expected</dt>
              <dd data-field="expected">{money(r.expected_amount, r.currency)}</dd>
              <dt>Billed</dt>
              <dd data-field="billed">{money(r.billed_amount, r.currency)}</dd>
              <dt>Delta (billed − expected)</dt>
              <dd data-field="delta">
                {money(r.amount_delta, r.currency)} {r.currency}
              </dd>
            </dl>
          ) : (
            <p className="muted" style={{ margin: '4px 0 0' }}>
              {recon.rows ? 'No reconciliation row for this customer, SKU and period.' : 'Loading…'}
            </p>
          )}
        </section>
        <section className="tile" aria-label="Findings" data-testid="evidence-findings">
          <div className="label">Findings behind it</div>
          <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
            {p.evidence
              .filter((e) => e.detail || e.kind === 'invoice_line')
              .map((e, i) => (
                <li key={i} data-kind={e.kind}>
                  {e.kind === 'invoice_line' ? `invoice line ${e.id}` : e.detail}
                </li>
              ))}
          </ul>
        </section>
      </div>
      {named.length > 0 && (
        <>
          <h2>Events the finding names ({named.length} event ids, every row that carries one)</h2>
          <SourceRows query={eventsNamed(named)} height="180px" autoFocus testId="evidence-named-events" />
        </>
      )}
      <h2>
        Usage events of {customerLabel(p.customer_id)} · {p.sku} · {p.period}
      </h2>
      <SourceRows query={reconciliationUsageEvents(cell)} height="240px" autoFocus={named.length === 0} testId="evidence-usage-events" />
      <h2>Invoice lines</h2>
      <SourceRows query={reconciliationInvoiceLines(cell)} height="200px" testId="evidence-invoice-lines" />
      {!engine && <p className="muted">The engine is starting…</p>}
    </div>
  );
}
