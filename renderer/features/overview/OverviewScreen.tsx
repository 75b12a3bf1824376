/**
 * Overview: KPI tiles for the selected period and currency. Every figure is computed by the
 * engine from the loaded files; a tile whose inputs are missing says which file would fill it.
 */
import type { ReactNode } from 'react';
import { useApp } from '../../app/store';
import { formatCount, formatMoney } from '../../lib/format-money';
import { RunStatus } from '../../app/RunStatus';
import { ReportingNote, reportingTotal, useReporting } from '../margin/reporting';
import { periodLabel } from '../../lib/period';
import { useOverviewKpis } from './use-overview-kpis';

export function Tile(props: {
  id: string;
  label: string;
  value: string | null;
  negative?: boolean;
  unit?: string;
  note?: ReactNode;
  missing?: string;
}) {
  const unavailable = props.value === null;
  return (
    <section className={`tile${unavailable ? ' unavailable' : ''}`} aria-label={props.label} data-kpi={props.id}>
      <div className="label">{props.label}</div>
      <div className={`value${props.negative ? ' neg' : ''}`} data-testid={`kpi-${props.id}`}>
        {unavailable ? (props.missing ?? '—') : props.value}
        {!unavailable && props.unit ? (
          <span className="muted" style={{ fontSize: 13, marginLeft: 6 }}>
            {props.unit}
          </span>
        ) : null}
      </div>
      {props.note && <div className="note">{props.note}</div>}
    </section>
  );
}

export function OverviewScreen() {
  const period = useApp((s) => s.period);
  const currency = useApp((s) => s.currency);
  const files = useApp((s) => s.files);
  const errors = useApp((s) => s.errors);
  const job = useApp((s) => s.job);
  const engineReady = useApp((s) => s.engineStatus.status === 'ready');
  const k = useOverviewKpis();
  const reporting = useReporting();
  const rt = reporting ? reportingTotal(reporting, period) : null;
  const inReporting = (v: string | undefined) => (v === undefined ? null : formatMoney(v, reporting?.currency).text);

  return (
    <>
      <h1>Overview</h1>
      <p className="subtitle">
        {periodLabel(period)} · {currency || 'no currency yet'} · {formatCount(files.length)} file{files.length === 1 ? '' : 's'} loaded
        {job ? ` · loading ${job.name}…` : ''}
      </p>
      {!engineReady && <div className="empty-state">Starting the engine… the tiles fill in as soon as the samples are loaded.</div>}
      {engineReady && files.length === 0 && !job && (
        <div className="empty-state">
          <strong>No data loaded.</strong>
          Open cost exports, usage events and invoices on the Data screen to see revenue, cost and margin.
        </div>
      )}
      {engineReady && (files.length > 0 || job) && (
        <div className="tiles" data-testid="kpi-tiles" aria-busy={k.loading}>
          {k.tiles.map((t) => (
            <Tile key={t.id} {...t} />
          ))}
        </div>
      )}
      {engineReady && <RunStatus names={['reporting currency']} />}
      {engineReady && reporting && (
        <>
          <h2>All currencies in {reporting.currency}</h2>
          <ReportingNote r={reporting} />
          <div className="tiles" data-testid="reporting-tiles">
            <Tile
              id="reporting-revenue"
              label={`Revenue (converted to ${reporting.currency})`}
              value={inReporting(rt?.revenue)}
              unit={reporting.currency}
            />
            <Tile
              id="reporting-cost"
              label={`Allocated cost (converted to ${reporting.currency})`}
              value={inReporting(rt?.cost)}
              unit={reporting.currency}
            />
            <Tile
              id="reporting-margin"
              label={`Margin (converted to ${reporting.currency})`}
              value={inReporting(rt?.margin)}
              unit={reporting.currency}
              negative={!!rt?.margin.startsWith('-')}
              note={rt?.margin_pct ? `${rt.margin_pct}% of revenue · from ${rt.native_currencies.split(' ').join(', ')}` : undefined}
            />
          </div>
        </>
      )}
      {errors.length > 0 && (
        <div className="card error" style={{ marginTop: 14 }} role="alert">
          ✕ {errors.length} file{errors.length === 1 ? '' : 's'} could not be loaded and {errors.length === 1 ? 'is' : 'are'} not in these figures:{' '}
          {errors.map((e) => e.name).join(', ')}. See the Data screen.
        </div>
      )}
      {k.quality.length > 0 && (
        <>
          <h2>Data quality</h2>
          <div className="cards">
            {k.quality.map((q) => (
              <div key={q} className="card warn">
                ⚠ {q}
              </div>
            ))}
          </div>
        </>
      )}
    </>
  );
}
