/**
 * The provider invoice check: per invoice of the cost export (billing account × invoice × billing
 * period, in the analyst's currency and period) its BilledCost total against the invoice total the
 * settings give (`provider_invoices`), and the difference. "Lines behind" opens the invoice's cost by
 * charge category (where BilledCost and EffectiveCost part) and its cost lines, paged from the engine.
 */
import { useState } from 'react';
import { useApp } from '../../app/store';
import { useNamedQuery } from '../../lib/use-query';
import { formatCount, formatMoney } from '../../lib/format-money';
import { periodLabel } from '../../lib/period';
import { SourceRows } from '../data/SourceRows';
import {
  providerCheckRows,
  providerInvoiceBreakdown,
  providerInvoiceLines,
  type ProviderInvoiceScope,
} from '../../../src/queries/reconciliation/provider-check';

const same = (a: ProviderInvoiceScope | null, b: ProviderInvoiceScope) =>
  !!a && a.billingAccountId === b.billingAccountId && a.invoiceId === b.invoiceId && a.billingPeriod === b.billingPeriod && a.currency === b.currency;

function Amount({ value, currency, field }: { value: string | null; currency: string; field: string }) {
  if (value == null)
    return (
      <td className="num tabular muted" data-field={field}>
        —
      </td>
    );
  const f = formatMoney(value, currency);
  return (
    <td className={`num tabular${f.negative ? ' neg' : ''}`} data-field={field}>
      {f.text}
    </td>
  );
}

function Behind({ scope, onClose }: { scope: ProviderInvoiceScope; onClose: () => void }) {
  const engine = useApp((s) => s.engine);
  const dv = useApp((s) => s.dataVersion);
  const breakdown = useNamedQuery(engine, providerInvoiceBreakdown(scope), dv);
  return (
    <div data-testid="provider-behind" style={{ marginTop: 10 }}>
      <div className="toolbar">
        <h3 style={{ margin: 0 }}>
          Behind {scope.invoiceId || '(no invoice id)'} · {scope.billingAccountId || '(no account)'} · {scope.billingPeriod} ({scope.currency})
        </h3>
        <span className="grow" />
        <button type="button" className="btn" onClick={onClose}>
          Close
        </button>
      </div>
      <table className="file-table" aria-label="Cost by charge category" data-testid="provider-breakdown" style={{ margin: '6px 0 10px' }}>
        <thead>
          <tr>
            <th scope="col">Charge category</th>
            <th scope="col">Charge class</th>
            <th scope="col" className="num">
              Lines
            </th>
            <th scope="col" className="num">
              BilledCost
            </th>
            <th scope="col" className="num">
              EffectiveCost
            </th>
            <th scope="col" className="num">
              Billed − effective
            </th>
          </tr>
        </thead>
        <tbody>
          {(breakdown.rows ?? []).map((r) => (
            <tr key={`${r.charge_category}\u0000${r.charge_class}`} data-category={r.charge_category}>
              <td>{r.charge_category || '(no category)'}</td>
              <td>{r.charge_class || '—'}</td>
              <td className="num tabular">{formatCount(r.lines)}</td>
              <Amount value={r.billed_cost} currency={scope.currency} field="billed" />
              <Amount value={r.effective_cost} currency={scope.currency} field="effective" />
              <Amount value={r.difference} currency={scope.currency} field="difference" />
            </tr>
          ))}
        </tbody>
      </table>
      <SourceRows query={providerInvoiceLines(scope)} height="260px" autoFocus onBack={onClose} testId="provider-cost-lines" />
    </div>
  );
}

export function ProviderInvoiceCheck() {
  const engine = useApp((s) => s.engine);
  const av = useApp((s) => s.analysisVersion);
  const period = useApp((s) => s.period);
  const currency = useApp((s) => s.currency);
  const [open, setOpen] = useState<ProviderInvoiceScope | null>(null);
  const rows = useNamedQuery(engine, providerCheckRows({ currency, period }), av);
  if (!engine || !rows.rows) return null;
  return (
    <section aria-labelledby="provider-check-title" data-testid="provider-check" style={{ marginTop: 16 }}>
      <h2 id="provider-check-title">Provider invoices vs cost export (invoice totals in the settings)</h2>
      <p className="subtitle">
        BilledCost of the cost export per invoice against the provider&apos;s invoice total · {periodLabel(period)} · {currency}. Totals come from{' '}
        <code>provider_invoices</code> in the settings file; an invoice without one is listed with its export total.
      </p>
      {rows.rows.length === 0 ? (
        <p className="muted">No cost export lines in {currency} for this billing period.</p>
      ) : (
        <div className="panel" style={{ padding: 0, overflow: 'auto' }}>
          <table className="file-table" aria-label="Provider invoice check" data-testid="provider-check-table">
            <thead>
              <tr>
                <th scope="col">Invoice</th>
                <th scope="col">Billing account</th>
                <th scope="col">Billing period</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Lines
                </th>
                <th scope="col" className="num">
                  Export total
                </th>
                <th scope="col" className="num">
                  Invoice total
                </th>
                <th scope="col" className="num">
                  Difference (invoice − export)
                </th>
                <th scope="col" className="num">
                  EffectiveCost
                </th>
                <th scope="col">Explanation</th>
                <th scope="col" className="queue-actions">
                  Lines
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.rows.map((r) => {
                const scope = {
                  billingAccountId: r.billing_account_id,
                  invoiceId: r.invoice_id,
                  billingPeriod: r.billing_period,
                  currency: r.currency,
                };
                return (
                  <tr
                    key={`${r.billing_account_id}\u0000${r.invoice_id}\u0000${r.billing_period}`}
                    data-invoice={r.invoice_id}
                    data-status={r.status}
                    className={r.status === 'mismatch' ? 'row-negative' : same(open, scope) ? 'active-row' : undefined}
                  >
                    <td style={{ whiteSpace: 'nowrap' }}>{r.invoice_id || '(no invoice id)'}</td>
                    <td style={{ whiteSpace: 'nowrap' }}>{r.billing_account_id || '(no account)'}</td>
                    <td className="tabular">{r.billing_period}</td>
                    <td style={{ whiteSpace: 'nowrap' }}>{r.status_label}</td>
                    <td className="num tabular">{formatCount(r.lines)}</td>
                    <Amount value={r.billed_cost} currency={r.currency} field="export" />
                    <Amount value={r.provider_invoice_total} currency={r.currency} field="invoice" />
                    <Amount value={r.invoice_difference} currency={r.currency} field="difference" />
                    <Amount value={r.effective_cost} currency={r.currency} field="effective" />
                    <td style={{ maxWidth: 240, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }} title={r.explanation}>
                      {r.explanation}
                    </td>
                    <td className="queue-actions">
                      <button
                        type="button"
                        className="btn"
                        aria-pressed={same(open, scope)}
                        aria-label={`Lines behind ${r.invoice_id || 'the lines without invoice id'} ${r.billing_period}`}
                        onClick={() => setOpen(same(open, scope) ? null : scope)}
                      >
                        Lines behind
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {open && <Behind scope={open} onClose={() => setOpen(null)} />}
    </section>
  );
}
