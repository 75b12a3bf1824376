/**
 * Margin per SKU (revenue from the ledger − provider cost allocated by tags), sortable and
 * filterable, negative margins marked with colour AND text; revenue vs cost over time; drill
 * SKU → customers → the invoice lines, usage events and cost lines behind them (file and row).
 */
import { useCallback, useState } from 'react';
import { useEscape } from '../../lib/use-escape';
import { DataGrid } from '../../components/DataGrid';
import { useGridMemory } from '../../components/grid-memory';
import type { ColumnSpec } from '../../components/cell-format';
import { Chart } from '../../components/charts/Chart';
import { formatMoney } from '../../lib/format-money';
import { useNamedQuery } from '../../lib/use-query';
import { periodLabel } from '../../lib/period';
import { useApp } from '../../app/store';
import { SourceRows } from '../data/SourceRows';
import { AnalysisPendingScreen, RunStatus, useAnalysed } from '../../app/RunStatus';
import { DEFAULT_SKU_TAG_KEYS, DEFAULT_CUSTOMER_TAG_KEYS } from '../../../src/model/mappings';
import { marginBySku } from '../../../src/queries/margin/by-sku';
import { marginByCustomer } from '../../../src/queries/margin/by-customer';
import { marginOverTime } from '../../../src/queries/margin/over-time';
import { marginCostLines, marginInvoiceLines, marginUsageEvents } from '../../../src/queries/margin/rows-behind';
import { ReportingNote, useReporting } from './reporting';
import { UnitEconomics } from './UnitEconomics';
import { Segmented } from '../../components/Segmented';

const cols = (first: ColumnSpec): ColumnSpec[] => [
  first,
  { key: 'revenue', label: 'Revenue', kind: 'money', currencyKey: 'currency', width: 150 },
  { key: 'cost', label: 'Cost', kind: 'money', currencyKey: 'currency', width: 150 },
  { key: 'margin', label: 'Margin', kind: 'money', currencyKey: 'currency', width: 150 },
  { key: 'margin_pct', label: 'Margin %', kind: 'percent', decimals: 2, width: 100 },
  { key: 'flag', label: 'Flag', kind: 'text', width: 110 },
  { key: 'billed_quantity', label: 'Billed qty', kind: 'decimal', decimals: 2, width: 130 },
  { key: 'metered_quantity', label: 'Metered qty', kind: 'decimal', decimals: 2, width: 130 },
  { key: 'currency', label: 'Currency', kind: 'text', width: 90 },
];
const SKU_COLUMNS = cols({ key: 'sku', label: 'SKU', kind: 'text', width: 220 });
const CUSTOMER_COLUMNS = cols({ key: 'customer_label', label: 'Customer', kind: 'text', width: 220 });

const negativeRow = (r: Record<string, unknown>) => (r.negative_margin ? 'row-negative' : undefined);

export function MarginScreen() {
  const engine = useApp((s) => s.engine);
  const av = useApp((s) => s.analysisVersion);
  const period = useApp((s) => s.period);
  const reporting = useReporting();
  // In the reporting view every figure is in the reporting currency (all native currencies converted).
  const currency = useApp((s) => reporting?.currency ?? s.currency);
  const [filter, setFilter] = useState('');
  const [negOnly, setNegOnly] = useState(false);
  const [units, setUnits] = useState(false);
  const [sku, setSku] = useState<string | null>(null);
  const [customer, setCustomer] = useState<string | null>(null);
  const back = useCallback(() => (customer !== null ? setCustomer(null) : setSku(null)), [customer]);
  useEscape(sku !== null ? back : undefined);
  const skuGrid = useGridMemory();
  const customerGrid = useGridMemory();

  const analysed = useAnalysed();
  const chart = useNamedQuery(engine, analysed ? marginOverTime({ currency, sku, reporting: !!reporting }) : null, av);
  if (!engine) return <p className="muted">The engine is starting…</p>;
  if (!analysed) return <AnalysisPendingScreen title="Margin by SKU" />;

  const crumbs = (
    <nav className="breadcrumbs" aria-label="Drill path">
      <button
        type="button"
        onClick={() => {
          setSku(null);
          setCustomer(null);
        }}
      >
        All SKUs
      </button>
      {sku !== null && (
        <>
          <span aria-hidden="true">›</span>
          <button type="button" onClick={() => setCustomer(null)}>
            {sku}
          </button>
        </>
      )}
      {customer !== null && (
        <>
          <span aria-hidden="true">›</span>
          <span>{customer || '(no customer)'}</span>
        </>
      )}
    </nav>
  );

  const chartBlock = (
    <div className="panel" style={{ marginBottom: 12 }}>
      <Chart
        title={`Revenue and cost per period${sku ? ` for ${sku}` : ''} in ${currency}`}
        categories={(chart.rows ?? []).map((r) => r.period)}
        series={[
          { name: `Revenue (${currency})`, values: (chart.rows ?? []).map((r) => r.revenue), colorIndex: 0 },
          { name: `Cost (${currency})`, values: (chart.rows ?? []).map((r) => r.cost), dashed: true, colorIndex: 1 },
        ]}
        format={(v) => `${formatMoney(v, currency).text} ${currency}`}
        height={200}
        testId="margin-chart"
        loading={chart.loading}
      />
    </div>
  );

  if (sku !== null && customer !== null) {
    const cell = { sku, customer, currency: reporting ? null : currency };
    return (
      <>
        {crumbs}
        <h1>
          Rows behind {sku} · {customer || '(no customer)'}
        </h1>
        <p className="subtitle">Invoice lines, usage events and tagged cost lines, each with its source file and row. Esc goes back.</p>
        <h2>Invoice lines</h2>
        <SourceRows query={marginInvoiceLines(cell)} height="220px" autoFocus />
        <h2>Usage events</h2>
        <SourceRows query={marginUsageEvents(cell)} height="220px" />
        <h2>Cost lines tagged with this SKU{customer ? ' and customer' : ''}</h2>
        <SourceRows
          query={marginCostLines({ ...cell, skuTagKeys: DEFAULT_SKU_TAG_KEYS, customerTagKeys: DEFAULT_CUSTOMER_TAG_KEYS })}
          height="220px"
        />
      </>
    );
  }

  if (sku !== null) {
    return (
      <>
        {crumbs}
        <h1>Margin for {sku} by customer</h1>
        <p className="subtitle">All periods · {currency}. Enter on a customer shows the rows behind it; Esc goes back.</p>
        {chartBlock}
        <DataGrid
          engine={engine}
          label={`Margin by customer for ${sku}`}
          testId="margin-customer-grid"
          memory={customerGrid}
          autoFocus
          version={av}
          height="calc(100vh - 420px)"
          columns={CUSTOMER_COLUMNS}
          defaultSort={{ key: 'margin', desc: false }}
          query={marginByCustomer({ sku, currency, reporting: !!reporting })}
          rowClass={negativeRow}
          onActivate={(r) => setCustomer(String(r.customer_id ?? ''))}
          emptyText="No customers for this SKU in this currency."
        />
      </>
    );
  }

  return (
    <>
      <h1>Margin by SKU</h1>
      <p className="subtitle">
        Revenue (ledger) − provider cost (allocated by cost tags {DEFAULT_SKU_TAG_KEYS.join('/')}) · {periodLabel(period)} · {currency}. Enter on a
        SKU drills to its customers.
      </p>
      <RunStatus names={['margin', 'billing staging', 'reporting currency']} />
      {reporting && <ReportingNote r={reporting} />}
      <Segmented
        label="Margin view"
        options={[
          { value: 'margin', label: 'Margin' },
          { value: 'units', label: 'Unit economics' },
        ]}
        value={units ? 'units' : 'margin'}
        onChange={(v) => setUnits(v === 'units')}
        style={{ marginBottom: 10 }}
      />
      {units ? (
        <UnitEconomics engine={engine} currency={currency} period={period} reporting={!!reporting} version={av} />
      ) : (
        <>
          {chartBlock}
          <div className="toolbar" role="search">
            <label>
              Filter SKU{' '}
              <input type="search" aria-label="Filter SKU" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="e.g. api" />
            </label>
            <label>
              <input type="checkbox" checked={negOnly} onChange={(e) => setNegOnly(e.target.checked)} /> Negative margins only
            </label>
          </div>
          <DataGrid
            engine={engine}
            label="Margin by SKU"
            testId="margin-grid"
            memory={skuGrid}
            version={av}
            height="calc(100vh - 470px)"
            columns={SKU_COLUMNS}
            defaultSort={{ key: 'margin', desc: false }}
            query={marginBySku({ currency, period, filter, negativeOnly: negOnly, reporting: !!reporting })}
            rowClass={negativeRow}
            onActivate={(r) => setSku(String(r.sku))}
            emptyText="No margin rows for this period and currency. Margin needs a ledger (invoices) and/or a cost export; load them on the Data screen."
          />
        </>
      )}
    </>
  );
}
