/**
 * Reconciliation: metered usage × price book vs invoiced, per customer × SKU × period. Totals by
 * status, filters (status, customer/SKU text), the delta table, event-level findings, and a drill
 * from any row to the usage events and invoice lines behind it.
 */
import { useCallback, useState } from 'react';
import { DataGrid } from '../../components/DataGrid';
import { useGridMemory } from '../../components/grid-memory';
import type { ColumnSpec } from '../../components/cell-format';
import { AnalysisPendingScreen, RunStatus, useAnalysed } from '../../app/RunStatus';
import { useNamedQuery } from '../../lib/use-query';
import { formatCount, formatMoney } from '../../lib/format-money';
import { periodLabel } from '../../lib/period';
import { useEscape } from '../../lib/use-escape';
import { useApp } from '../../app/store';
import { SourceRows } from '../data/SourceRows';
import { InvoiceReconciliation } from './InvoiceReconciliation';
import { ProviderInvoiceCheck } from './ProviderInvoiceCheck';
import { reconciliationByStatus } from '../../../src/queries/reconciliation/by-status';
import { reconciliationRows, STATUS_LABEL } from '../../../src/queries/reconciliation/rows';
import { eventFindings } from '../../../src/queries/reconciliation/event-findings';
import { reconciliationInvoiceLines, reconciliationUsageEvents } from '../../../src/queries/reconciliation/rows-behind';

const COLUMNS: ColumnSpec[] = [
  { key: 'customer', label: 'Customer', kind: 'text', width: 170 },
  { key: 'sku', label: 'SKU', kind: 'text', width: 150 },
  { key: 'period', label: 'Period', kind: 'text', width: 90 },
  { key: 'status_label', label: 'Status', kind: 'text', width: 170 },
  { key: 'metered_quantity', label: 'Metered qty', kind: 'decimal', decimals: 2, width: 130 },
  { key: 'billed_quantity', label: 'Billed qty', kind: 'decimal', decimals: 2, width: 130 },
  { key: 'quantity_delta', label: 'Qty delta', kind: 'decimal', decimals: 2, width: 120 },
  { key: 'expected_amount', label: 'Expected', kind: 'money', currencyKey: 'currency', width: 130 },
  { key: 'billed_amount', label: 'Billed', kind: 'money', currencyKey: 'currency', width: 130, pin: 'end' },
  { key: 'amount_delta', label: 'Delta (billed − expected)', kind: 'money', currencyKey: 'currency', width: 205, pin: 'end' },
  { key: 'currency', label: 'Currency', kind: 'text', width: 90 },
];

const FINDING_COLUMNS: ColumnSpec[] = [
  { key: 'code', label: 'Finding', kind: 'text', width: 170 },
  { key: 'customer_id', label: 'Customer', kind: 'text', width: 150 },
  { key: 'sku', label: 'SKU', kind: 'text', width: 140 },
  { key: 'period', label: 'Period', kind: 'text', width: 90 },
  { key: 'quantity', label: 'Quantity', kind: 'decimal', decimals: 2, width: 120 },
  { key: 'amount', label: 'Amount', kind: 'money', currencyKey: 'currency', width: 120 },
  { key: 'currency', label: 'Currency', kind: 'text', width: 90 },
  { key: 'detail', label: 'Detail', kind: 'text', width: 420 },
];

interface Target {
  customer: string;
  sku: string;
  period: string;
  currency: string;
}

export function ReconciliationScreen() {
  const engine = useApp((s) => s.engine);
  const av = useApp((s) => s.analysisVersion);
  const period = useApp((s) => s.period);
  const currency = useApp((s) => s.currency);
  const granularity = useApp((s) => s.billingConfig.period);
  const [status, setStatus] = useState('');
  const [text, setText] = useState('');
  const [target, setTarget] = useState<Target | null>(null);
  const back = useCallback(() => setTarget(null), []);
  useEscape(target ? back : undefined);
  const rowsGrid = useGridMemory();

  const analysed = useAnalysed();
  const summary = useNamedQuery(engine, analysed ? reconciliationByStatus({ currency, period }) : null, av);
  if (!engine) return <p className="muted">The engine is starting…</p>;
  if (!analysed) return <AnalysisPendingScreen title="Reconciliation" />;

  if (target) {
    const cell = { ...target, granularity };
    return (
      <>
        <nav className="breadcrumbs" aria-label="Drill path">
          <button type="button" onClick={back}>
            Reconciliation
          </button>
          <span aria-hidden="true">›</span>
          <span>
            {target.customer || '(no customer)'} · {target.sku} · {target.period}
          </span>
        </nav>
        <h1>
          Behind {target.customer || '(no customer)'} · {target.sku} · {target.period}
        </h1>
        <p className="subtitle">The usage events (metered) and invoice lines (billed) behind this row, with file and row. Esc goes back.</p>
        <h2>Usage events</h2>
        <SourceRows query={reconciliationUsageEvents(cell)} height="260px" autoFocus />
        <h2>Invoice lines</h2>
        <SourceRows query={reconciliationInvoiceLines(cell)} height="260px" />
      </>
    );
  }

  return (
    <>
      <h1>Reconciliation</h1>
      <p className="subtitle">
        Metered usage × price book vs invoiced, per customer × SKU × period · {periodLabel(period)} · {currency}. Enter on a row shows its events and
        invoice lines.
      </p>
      <RunStatus names={['reconciliation', 'billing staging']} />
      <div className="panel" style={{ padding: 0, marginBottom: 12 }}>
        <table className="file-table" data-testid="recon-summary">
          <caption className="visually-hidden">Totals by status</caption>
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Rows
              </th>
              <th scope="col" className="num">
                Expected ({currency})
              </th>
              <th scope="col" className="num">
                Billed ({currency})
              </th>
              <th scope="col" className="num">
                Delta ({currency})
              </th>
            </tr>
          </thead>
          <tbody>
            {(summary.rows ?? []).map((r) => {
              const d = formatMoney(r.delta ?? '0', currency);
              return (
                <tr key={r.status}>
                  <td>
                    <button
                      type="button"
                      className="btn"
                      style={{ padding: '0 8px' }}
                      onClick={() => setStatus(status === r.status ? '' : r.status)}
                      aria-pressed={status === r.status}
                    >
                      {STATUS_LABEL[r.status] ?? r.status}
                    </button>
                  </td>
                  <td className="num tabular">{formatCount(r.rows)}</td>
                  <td className="num tabular">{formatMoney(r.expected ?? '0', currency).text}</td>
                  <td className="num tabular">{formatMoney(r.billed ?? '0', currency).text}</td>
                  <td className={`num tabular${d.negative ? ' neg' : ''}`}>{d.text}</td>
                </tr>
              );
            })}
            {summary.rows?.length === 0 && (
              <tr>
                <td colSpan={5} className="muted">
                  Nothing to reconcile in {currency} for this period. Reconciliation needs usage events, a price book and invoices.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <div className="toolbar" role="search">
        <label>
          Status{' '}
          <select aria-label="Status filter" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">All statuses</option>
            {Object.entries(STATUS_LABEL).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <label>
          Customer or SKU <input type="search" aria-label="Filter customer or SKU" value={text} onChange={(e) => setText(e.target.value)} />
        </label>
      </div>
      <DataGrid
        engine={engine}
        label="Reconciliation rows"
        testId="recon-grid"
        memory={rowsGrid}
        version={av}
        height="360px"
        columns={COLUMNS}
        defaultSort={{ key: 'amount_delta', desc: false }}
        query={reconciliationRows({ currency, period, status, text })}
        rowClass={(r) => (r.status === 'matched' || r.status === 'within_tolerance' ? undefined : 'row-negative')}
        onActivate={(r) =>
          setTarget({ customer: String(r.customer_id ?? ''), sku: String(r.sku), period: String(r.period), currency: String(r.currency) })
        }
        emptyText="No rows for these filters."
      />
      <h2>Event findings (duplicates, late events, outside subscription)</h2>
      <DataGrid
        engine={engine}
        label="Event findings"
        testId="event-findings-grid"
        version={av}
        height="220px"
        columns={FINDING_COLUMNS}
        query={eventFindings({ currency, period })}
        emptyText="No event-level findings."
      />
      <InvoiceReconciliation />
      <ProviderInvoiceCheck />
    </>
  );
}
