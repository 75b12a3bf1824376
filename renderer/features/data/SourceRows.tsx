/** The rows behind a number: any canonical table filtered by a condition, source file and row first. */
import { useEscape } from '../../lib/use-escape';
import type { SqlValue } from '../../../src/engine/engine';
import { identList } from '../../../src/engine/sql';
import { DataGrid } from '../../components/DataGrid';
import type { ColumnSpec } from '../../components/cell-format';
import { useApp } from '../../app/store';

const COLUMNS: Record<string, ColumnSpec[]> = {
  cost_lines: [
    { key: 'source_file', label: 'Source file', kind: 'text', width: 200 },
    { key: 'source_row', label: 'Row', kind: 'count', width: 70 },
    { key: 'ChargePeriodStart', label: 'Charge period start', kind: 'timestamp', width: 170 },
    { key: 'ServiceName', label: 'Service', kind: 'text', width: 200 },
    { key: 'SkuId', label: 'SKU', kind: 'text', width: 160 },
    { key: 'ResourceId', label: 'Resource', kind: 'text', width: 220 },
    { key: 'ChargeCategory', label: 'Charge', kind: 'text', width: 100 },
    { key: 'BilledCost', label: 'Billed cost', kind: 'money', currencyKey: 'BillingCurrency', width: 140 },
    { key: 'EffectiveCost', label: 'Effective cost', kind: 'money', currencyKey: 'BillingCurrency', width: 140 },
    { key: 'BillingCurrency', label: 'Currency', kind: 'text', width: 80 },
  ],
  usage_events: [
    { key: 'source_file', label: 'Source file', kind: 'text', width: 200 },
    { key: 'source_row', label: 'Row', kind: 'count', width: 70 },
    { key: 'event_id', label: 'Event', kind: 'text', width: 200 },
    { key: 'customer_id', label: 'Customer', kind: 'text', width: 160 },
    { key: 'sku', label: 'SKU', kind: 'text', width: 160 },
    { key: 'ts', label: 'Time', kind: 'timestamp', width: 170 },
    { key: 'quantity', label: 'Quantity', kind: 'decimal', decimals: 6, width: 150 },
  ],
  invoice_lines: [
    { key: 'source_file', label: 'Source file', kind: 'text', width: 200 },
    { key: 'source_row', label: 'Row', kind: 'count', width: 70 },
    { key: 'invoice_id', label: 'Invoice', kind: 'text', width: 150 },
    { key: 'line_id', label: 'Line', kind: 'text', width: 150 },
    { key: 'customer_id', label: 'Customer', kind: 'text', width: 160 },
    { key: 'sku', label: 'SKU', kind: 'text', width: 160 },
    { key: 'period_start', label: 'Period start', kind: 'timestamp', width: 170 },
    { key: 'quantity', label: 'Quantity', kind: 'decimal', decimals: 6, width: 150 },
    { key: 'unit_price', label: 'Unit price', kind: 'decimal', decimals: 6, width: 130 },
    { key: 'amount', label: 'Amount', kind: 'money', currencyKey: 'currency', width: 140 },
    { key: 'currency', label: 'Currency', kind: 'text', width: 80 },
    { key: 'kind', label: 'Kind', kind: 'text', width: 100 },
  ],
};

export function SourceRows(props: {
  table: 'cost_lines' | 'usage_events' | 'invoice_lines';
  where: string;
  params: SqlValue[];
  onBack?: () => void;
  height?: string;
}) {
  const engine = useApp((s) => s.engine);
  const version = useApp((s) => s.dataVersion);
  useEscape(props.onBack);
  if (!engine) return null;
  const cols = COLUMNS[props.table];
  return (
    <DataGrid
      engine={engine}
      label={`Source rows from ${props.table}`}
      testId={`source-rows-${props.table}`}
      version={version}
      height={props.height ?? 'calc(100vh - 200px)'}
      columns={cols}
      defaultSort={{ key: 'source_row', desc: false }}
      sql={`SELECT ${identList(cols.map((c) => c.key))} FROM ${props.table} WHERE ${props.where}`}
      params={props.params}
      emptyText="No source rows."
    />
  );
}
