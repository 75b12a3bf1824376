/**
 * The provider's invoices (FOCUS 1.4 Invoice Detail) against its cost and usage data: one row
 * per invoice or invoice detail line in the current currency and billing period, the differences
 * explained, and the cost lines behind a row on Enter. Shown only when invoices were loaded.
 */
import { useCallback, useState } from 'react';
import { DataGrid } from '../../components/DataGrid';
import type { ColumnSpec } from '../../components/cell-format';
import { useNamedQuery } from '../../lib/use-query';
import { useApp } from '../../app/store';
import { SourceRows } from '../data/SourceRows';
import {
  invoiceCostLines,
  invoiceReconciliationCount,
  invoiceReconciliationRows,
  type InvoiceScope,
} from '../../../src/queries/reconciliation/invoices';

const COLUMNS: ColumnSpec[] = [
  { key: 'invoice_issuer_name', label: 'Invoice issuer', kind: 'text', width: 170 },
  { key: 'invoice_id', label: 'Invoice', kind: 'text', width: 130 },
  { key: 'invoice_detail_id', label: 'Detail', kind: 'text', width: 90 },
  { key: 'status_label', label: 'Status', kind: 'text', width: 190 },
  { key: 'invoice_billed_cost', label: 'Invoice (excl. tax)', kind: 'money', currencyKey: 'currency', width: 150 },
  { key: 'cost_billed_cost', label: 'Cost data', kind: 'money', currencyKey: 'currency', width: 130 },
  { key: 'variance', label: 'Variance (invoice − cost)', kind: 'money', currencyKey: 'currency', width: 190 },
  { key: 'invoice_tax', label: 'Tax (invoice)', kind: 'money', currencyKey: 'currency', width: 120 },
  { key: 'payment_currency', label: 'Paid in', kind: 'text', width: 80 },
  { key: 'payment_currency_billed_cost', label: 'Paid amount', kind: 'money', currencyKey: 'payment_currency', width: 130 },
  { key: 'billing_period', label: 'Billing period', kind: 'text', width: 110 },
  { key: 'billing_period_status', label: 'Period', kind: 'text', width: 80 },
  { key: 'invoice_issue_status', label: 'Invoice status', kind: 'text', width: 110 },
  { key: 'reference_invoice_id', label: 'Adjusts invoice', kind: 'text', width: 130 },
  { key: 'invoice_rows', label: 'Invoice detail rows', kind: 'text', width: 200 },
  { key: 'explanation', label: 'Explanation', kind: 'text', width: 480 },
];

export function InvoiceReconciliation() {
  const engine = useApp((s) => s.engine);
  const av = useApp((s) => s.analysisVersion);
  const period = useApp((s) => s.period);
  const currency = useApp((s) => s.currency);
  const [level, setLevel] = useState<'invoice' | 'detail'>('invoice');
  const [differencesOnly, setDifferencesOnly] = useState(false);
  const [target, setTarget] = useState<InvoiceScope | null>(null);
  const back = useCallback(() => setTarget(null), []);
  const count = useNamedQuery(engine, invoiceReconciliationCount(), av);
  if (!engine || !count.rows || Number(count.rows[0]?.n ?? 0) === 0) return null;
  return (
    <section aria-labelledby="invoice-recon-title">
      <h2 id="invoice-recon-title">Provider invoices vs cost data (FOCUS invoice detail)</h2>
      <p className="subtitle">
        BilledCost per invoice issuer × invoice × currency, tax apart; open billing periods and invoices are provisional. Enter on a row lists its
        cost lines.
      </p>
      <div className="toolbar">
        <label>
          Rows{' '}
          <select aria-label="Invoice reconciliation level" value={level} onChange={(e) => setLevel(e.target.value as 'invoice' | 'detail')}>
            <option value="invoice">Per invoice</option>
            <option value="detail">Per invoice detail line</option>
          </select>
        </label>
        <label>
          <input type="checkbox" checked={differencesOnly} onChange={(e) => setDifferencesOnly(e.target.checked)} /> Differences only
        </label>
      </div>
      <DataGrid
        engine={engine}
        label="Invoice reconciliation"
        testId="invoice-recon-grid"
        version={av}
        height="260px"
        columns={COLUMNS}
        query={invoiceReconciliationRows({ currency, period, level, differencesOnly })}
        rowClass={(r) => (r.status === 'matched' || r.status === 'tax_only' ? undefined : 'row-negative')}
        onActivate={(r) =>
          setTarget({
            issuer: String(r.invoice_issuer_name),
            invoiceId: String(r.invoice_id),
            detailId: String(r.invoice_detail_id ?? ''),
            currency: String(r.currency),
          })
        }
        emptyText={`No invoices in ${currency} for this billing period.`}
      />
      {target && (
        <>
          <h3>
            Cost lines of {target.invoiceId}
            {target.detailId ? ` · ${target.detailId}` : ''} ({target.currency}) · Esc closes
          </h3>
          <SourceRows query={invoiceCostLines(target)} onBack={back} height="240px" autoFocus />
        </>
      )}
    </section>
  );
}
