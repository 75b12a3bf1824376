/**
 * Anomalies: ranked findings (money impact first) from cost and usage series; for the selected
 * finding, its series with the baseline band and flagged points, the explanation (expected,
 * actual, impact, top contributors) and the analyst's verdict (true / false / planned), which
 * keeps confirmed incidents and planned changes out of later baselines.
 */
import { useState } from 'react';
import { DataGrid } from '../../components/DataGrid';
import type { ColumnSpec } from '../../components/cell-format';
import { Chart } from '../../components/charts/Chart';
import { AnalysisPendingScreen, RunStatus, useAnalysed } from '../../app/RunStatus';
import { useApp } from '../../app/store';
import { formatMoney } from '../../lib/format-money';
import { anomalyLabels, scheduleAnalyses } from '../../analysis/run-analyses';
import type { LabelValue } from '../../../src/analysis/anomaly/labels';
import type { AnomalyFinding } from '../../../src/model/findings';
import { SCORE_CAP } from '../../../src/analysis/anomaly/events';
import { anomalyFindings } from '../../../src/queries/anomalies/findings';
import { fraudFindings } from '../../../src/queries/anomalies/fraud';

const COLUMNS: ColumnSpec[] = [
  { key: 'dims', label: 'Series', kind: 'text', width: 250 },
  { key: 'start', label: 'From (UTC)', kind: 'text', width: 110 },
  { key: 'end', label: 'To (UTC)', kind: 'text', width: 110 },
  { key: 'impact', label: 'Impact', kind: 'money', currencyKey: 'currency', width: 130, pin: 'end' },
  { key: 'currency', label: 'Cur.', kind: 'text', width: 60 },
  { key: 'actual', label: 'Actual', kind: 'number', decimals: 2, width: 110 },
  { key: 'expected', label: 'Expected', kind: 'number', decimals: 2, width: 110 },
  { key: 'score', label: 'Score', kind: 'number', decimals: 1, width: 90, pin: 'end' },
  { key: 'method', label: 'Method', kind: 'text', width: 130 },
];

const FRAUD_COLUMNS: ColumnSpec[] = [
  { key: 'rule', label: 'Rule', kind: 'text', width: 170 },
  { key: 'customer_id', label: 'Account', kind: 'text', width: 150 },
  { key: 'score', label: 'Score', kind: 'number', decimals: 2, width: 80 },
  { key: 'amount', label: 'Amount', kind: 'money', currencyKey: 'currency', width: 120 },
  { key: 'currency', label: 'Cur.', kind: 'text', width: 60 },
  { key: 'evidence', label: 'Evidence', kind: 'text', width: 520 },
];

const VERDICTS: { value: LabelValue; label: string; help: string }[] = [
  { value: 'true', label: '✓ True incident', help: 'real problem: kept out of future baselines' },
  { value: 'false', label: '✕ False alarm', help: 'normal behaviour: stays in the baseline, not raised again' },
  { value: 'planned', label: '◷ Planned', help: 'a launch or migration: kept out of future baselines' },
];

export function AnomaliesScreen() {
  const engine = useApp((s) => s.engine);
  const av = useApp((s) => s.analysisVersion);
  const analysed = useAnalysed();
  const analysis = useApp((s) => s.analysis);
  const reviewer = useApp((s) => s.reviewer);
  const [selected, setSelected] = useState<string | null>(null);
  const [labelled, setLabelled] = useState<Record<string, LabelValue>>({});
  const findings = analysis?.anomalies ?? [];
  const f: AnomalyFinding | undefined = findings.find((x) => x.id === selected) ?? findings[0];
  if (!engine) return <p className="muted">The engine is starting…</p>;
  if (!analysed) return <AnalysisPendingScreen title="Anomalies & fraud" />;
  // Root causes are computed by the analysis run for every kept finding.
  const contributors = f?.contributors ?? [];
  const fullChart = f ? analysis?.anomalyCharts.find((c) => c.series_key === f.series_key) : undefined;
  // Show the finding with four weeks of context on each side.
  const chart = fullChart && f ? { ...fullChart, points: around(fullChart.points, f.start, f.end, 28) } : undefined;

  const label = async (value: LabelValue) => {
    if (!f) return;
    await anomalyLabels.put({
      series_key: f.series_key,
      start: f.start,
      end: f.end,
      label: value,
      by: reviewer || undefined,
      at: new Date().toISOString(),
    });
    setLabelled((l) => ({ ...l, [f.id]: value }));
    scheduleAnalyses();
  };

  return (
    <>
      <h1>Anomalies &amp; fraud</h1>
      <p className="subtitle">
        Daily cost per service and usage per customer × SKU against a seasonal baseline; ranked by money impact. Enter on a finding shows its series.
      </p>
      <RunStatus names={['anomaly detection', 'fraud rules']} />
      <div className="split">
        <div>
          <DataGrid
            engine={engine}
            label="Anomaly findings"
            testId="anomaly-grid"
            version={av}
            height="calc(100vh - 470px)"
            columns={COLUMNS}
            query={anomalyFindings()}
            emptyText="No anomalies found. Detection needs at least a few weeks of daily cost or usage data."
            onActivate={(r) => setSelected(String(r.id))}
          />
          <h2>Accounts that look abusive (fraud rules)</h2>
          <DataGrid
            engine={engine}
            label="Fraud findings"
            testId="fraud-grid"
            version={av}
            height="220px"
            columns={FRAUD_COLUMNS}
            query={fraudFindings()}
            defaultSort={{ key: 'score', desc: true }}
            emptyText="No account matched a fraud rule (new-account spikes, multi-accounting, first-seen regions, night share, usage without billing, Benford)."
          />
        </div>
        <aside className="panel" aria-label="Selected anomaly" data-testid="anomaly-detail">
          {!f ? (
            <p className="muted">Select a finding to see its series, baseline band and explanation.</p>
          ) : (
            <>
              <h2 style={{ marginTop: 0 }}>
                {Object.entries(f.dimensions)
                  .map(([k, v]) => `${k} ${v || '(none)'}`)
                  .join(' · ')}
              </h2>
              {chart ? (
                <Chart
                  title={`Series ${f.series_key} with baseline band`}
                  categories={chart.points.map((p) => p.ts.slice(0, 10))}
                  categoryLabel="Day (UTC)"
                  series={[
                    { name: 'Actual', values: chart.points.map((p) => String(p.value)), colorIndex: 0 },
                    { name: 'Expected', values: chart.points.map((p) => String(p.expected)), dashed: true, colorIndex: 2 },
                  ]}
                  band={{
                    low: chart.points.map((p) => String(p.band_low)),
                    high: chart.points.map((p) => String(p.band_high)),
                    label: 'Baseline band',
                  }}
                  flagged={chart.points.flatMap((p, i) =>
                    p.is_anomaly ? [{ index: i, label: `${p.ts}: ${p.value} vs ${p.expected.toFixed(2)}` }] : [],
                  )}
                  format={statText}
                  height={260}
                  testId="anomaly-chart"
                />
              ) : (
                <p className="muted">No chart data for this series.</p>
              )}
              <dl className="tabular" style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '4px 12px' }}>
                <dt className="muted">When (UTC)</dt>
                <dd style={{ margin: 0 }}>
                  {f.start} – {f.end}
                </dd>
                <dt className="muted">Actual / expected</dt>
                <dd style={{ margin: 0 }}>
                  {f.actual.toLocaleString('en-US', { maximumFractionDigits: 2 })} /{' '}
                  {f.expected.toLocaleString('en-US', { maximumFractionDigits: 2 })}
                </dd>
                <dt className="muted">Impact</dt>
                <dd style={{ margin: 0 }} className={f.impact?.startsWith('-') ? 'neg' : ''}>
                  {f.impact && f.currency ? `${formatMoney(f.impact, f.currency).text} ${f.currency}` : '—'}
                </dd>
                <dt className="muted">Method · score</dt>
                <dd style={{ margin: 0 }}>
                  {f.method} · {f.score >= SCORE_CAP ? `≥ ${SCORE_CAP} (capped)` : f.score.toFixed(1)}
                </dd>
              </dl>
              <p>{f.explanation}</p>
              <h2>Root causes</h2>
              {contributors.length === 0 ? (
                <p className="muted">
                  No breakdown: nothing finer than this series varies (one account, region and SKU under it, or no finer dimension kept for it).
                </p>
              ) : (
                <table className="file-table" data-testid="root-causes">
                  <tbody>
                    {contributors.map((c) => (
                      <tr key={c.dimension + c.value}>
                        <td>
                          {c.dimension} = {c.value || '(none)'}
                        </td>
                        <td className="num tabular">{Math.round(c.share * 100)}% of the change</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              <h2>Verdict</h2>
              <div className="toolbar" role="group" aria-label="Verdict">
                {VERDICTS.map((v) => (
                  <button
                    key={v.value}
                    type="button"
                    className={`btn${labelled[f.id] === v.value ? ' primary' : ''}`}
                    aria-pressed={labelled[f.id] === v.value}
                    title={v.help}
                    onClick={() => void label(v.value)}
                  >
                    {v.label}
                  </button>
                ))}
              </div>
              {labelled[f.id] && <p className="muted">Recorded; the baselines are being recomputed.</p>}
            </>
          )}
        </aside>
      </div>
    </>
  );
}

/** Statistics are doubles (12 significant digits in files); the chart shows them at 2 decimals. */
function statText(v: string): string {
  return Number(v).toLocaleString('en-US', { maximumFractionDigits: 2 });
}

function around<T extends { ts: string }>(points: T[], start: string, end: string, days: number): T[] {
  const ms = (s: string) => Date.parse(s.length === 10 ? s + 'T00:00:00Z' : s);
  const lo = ms(start) - days * 86_400_000;
  const hi = ms(end) + days * 86_400_000;
  return points.filter((p) => ms(p.ts) >= lo && ms(p.ts) <= hi);
}
