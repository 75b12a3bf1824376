/** The analysis_* tables the screens read (see materialize.ts). */
import type { Engine } from '../../src/engine/engine';
import { MONEY, QTY } from '../../src/model/schema';
import { materialize, type TableColumn } from './materialize';
import type { AnalysisResults } from './run-analyses';

const v = (name: string): TableColumn => ({ name, type: 'VARCHAR' });
const m = (name: string): TableColumn => ({ name, type: MONEY });
const q = (name: string): TableColumn => ({ name, type: QTY });

export const MARGIN_COLUMNS: TableColumn[] = [
  v('level'), v('sku'), v('customer_id'), v('period'), v('currency'),
  m('revenue'), m('cost'), m('margin'), { name: 'margin_pct', type: 'DECIMAL(38,2)' },
  q('billed_quantity'), q('metered_quantity'), m('unit_price'), m('unit_cost'),
  { name: 'negative_margin', type: 'BOOLEAN' },
];

export const RECON_COLUMNS: TableColumn[] = [
  v('customer_id'), v('sku'), v('period'), v('currency'),
  q('metered_quantity'), q('billed_quantity'), q('quantity_delta'),
  m('expected_amount'), m('billed_amount'), m('amount_delta'), v('status'),
  v('invoice_ids'), v('line_ids'),
];

export const EVENT_FINDING_COLUMNS: TableColumn[] = [
  v('code'), v('customer_id'), v('sku'), v('period'), v('currency'), q('quantity'), m('amount'), v('detail'), v('event_ids'),
  v('source_rows'),
];

export const ANOMALY_COLUMNS: TableColumn[] = [
  v('id'), v('series_key'), v('dims'), v('start'), v('end'), { name: 'actual', type: 'DOUBLE' }, { name: 'expected', type: 'DOUBLE' },
  m('impact'), v('currency'), { name: 'impact_pct', type: 'DOUBLE' }, { name: 'score', type: 'DOUBLE' }, v('method'), v('explanation'),
];

export const FRAUD_COLUMNS: TableColumn[] = [
  v('id'), v('rule'), v('customer_id'), { name: 'score', type: 'DOUBLE' }, v('evidence'), m('amount'), v('currency'),
];

export async function materializeResults(engine: Engine, r: AnalysisResults): Promise<void> {
  const margin = r.margin ? [...r.margin.bySku, ...r.margin.byCustomer, ...r.margin.bySkuCustomer, ...r.margin.bySkuPeriod, ...r.margin.byCurrency, ...r.margin.byPeriod] : [];
  await materialize(engine, 'analysis_margin', MARGIN_COLUMNS, margin);
  const recon = (r.recon?.rows ?? []).map((x) => ({ ...x, invoice_ids: x.invoice_ids?.join(' '), line_ids: x.line_ids?.join(' ') }));
  await materialize(engine, 'analysis_reconciliation', RECON_COLUMNS, recon);
  const events = (r.recon?.findings ?? []).map((f) => ({
    ...f,
    event_ids: f.event_ids.join(' '),
    source_rows: f.source_rows.map((s) => `${s.file}:${s.row}`).join(' '),
  }));
  await materialize(engine, 'analysis_event_findings', EVENT_FINDING_COLUMNS, events);
  const anomalies = (r.anomalies ?? []).map((a) => ({
    ...a,
    dims: Object.entries(a.dimensions)
      .map(([k, x]) => `${k}=${x || '(none)'}`)
      .join(' · '),
  }));
  await materialize(engine, 'analysis_anomalies', ANOMALY_COLUMNS, anomalies);
  await materialize(engine, 'analysis_fraud', FRAUD_COLUMNS, r.fraud ?? []);
}
