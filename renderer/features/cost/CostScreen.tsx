/**
 * Cost by service for the selected period and currency, with a drill from a service to the cost
 * lines behind it (source file and row). Lines in other currencies are counted, never added.
 */
import { useState } from 'react';
import { DataGrid } from '../../components/DataGrid';
import { useGridMemory } from '../../components/grid-memory';
import type { ColumnSpec } from '../../components/cell-format';
import { useCostTotals } from '../../lib/use-cost-totals';
import { formatCount, formatMoney } from '../../lib/format-money';
import { periodLabel } from '../../lib/period';
import { useApp } from '../../app/store';
import { SourceRows } from '../data/SourceRows';
import { costByService } from '../../../src/queries/cost/by-service';
import { costLinesOfService } from '../../../src/queries/cost/lines-of-service';

const SERVICE_COLUMNS: ColumnSpec[] = [
  { key: 'service', label: 'Service', kind: 'text', width: 260 },
  { key: 'category', label: 'Category', kind: 'text', width: 160 },
  { key: 'provider', label: 'Provider', kind: 'text', width: 150 },
  { key: 'billed_cost', label: 'Billed cost', kind: 'money', currencyKey: 'currency', width: 150 },
  { key: 'effective_cost', label: 'Effective cost', kind: 'money', currencyKey: 'currency', width: 150 },
  { key: 'list_cost', label: 'List cost', kind: 'money', currencyKey: 'currency', width: 150 },
  { key: 'currency', label: 'Currency', kind: 'text', width: 90 },
  { key: 'lines', label: 'Lines', kind: 'count', width: 90 },
  // The names the exports wrote (e.g. AmazonS3 beside Amazon Simple Storage Service), one scroll away.
  { key: 'source_service', label: 'Source service name', kind: 'text', width: 220 },
  { key: 'source_provider', label: 'Source provider name', kind: 'text', width: 150 },
];

export function CostScreen() {
  const engine = useApp((s) => s.engine);
  const version = useApp((s) => s.dataVersion);
  const period = useApp((s) => s.period);
  const currency = useApp((s) => s.currency);
  const [service, setService] = useState<{ service: string | null; provider: string | null } | null>(null);
  const totals = useCostTotals(engine, currency, period, version);
  const serviceGrid = useGridMemory();
  if (!engine) return <p className="muted">The engine is starting…</p>;
  const t = totals.rows?.[0];

  if (service) {
    return (
      <>
        <nav className="breadcrumbs" aria-label="Drill path">
          <button type="button" onClick={() => setService(null)}>
            Cost by service
          </button>
          <span aria-hidden="true">›</span>
          <span>
            {service.service ?? '(no service)'} · {service.provider ?? '(no provider)'}
          </span>
        </nav>
        <h1>Cost lines: {service.service ?? '(no service)'}</h1>
        <p className="subtitle">
          {periodLabel(period)} · {currency} · every line with its source file and row. Esc or the link above goes back.
        </p>
        <SourceRows query={costLinesOfService({ currency, period, ...service })} onBack={() => setService(null)} autoFocus />
      </>
    );
  }

  return (
    <>
      <h1>Cost by service</h1>
      <p className="subtitle">
        Provider cost from the loaded cost exports · {periodLabel(period)} · {currency || 'no currency yet'}. Enter or double-click a service to see
        its cost lines.
      </p>
      {t && (
        <div className="toolbar tabular" data-testid="cost-totals">
          <span>
            Billed cost{' '}
            <strong>
              {t.billed ? formatMoney(t.billed, currency).text : '—'} {currency}
            </strong>
          </span>
          <span>
            Effective cost{' '}
            <strong>
              {t.effective ? formatMoney(t.effective, currency).text : '—'} {currency}
            </strong>
          </span>
          <span>{formatCount(t.lines)} lines</span>
          {t.other_lines > 0 && (
            <span className="card warn" style={{ padding: '2px 8px' }}>
              ⚠ {formatCount(t.other_lines)} lines in {t.other} not included (currencies are never added)
            </span>
          )}
        </div>
      )}
      <DataGrid
        engine={engine}
        label="Cost by service"
        testId="cost-grid"
        memory={serviceGrid}
        version={version}
        height="calc(100vh - 190px)"
        columns={SERVICE_COLUMNS}
        defaultSort={{ key: 'billed_cost', desc: true }}
        query={costByService({ currency, period })}
        emptyText="No cost lines for this period and currency. Open a cost export on the Data screen (FOCUS, AWS CUR, Azure EA, OCI)."
        onActivate={(r) => setService({ service: r.service as string | null, provider: r.provider as string | null })}
      />
    </>
  );
}
