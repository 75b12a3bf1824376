/**
 * The rows behind a number: a drill query over a canonical table (src/queries), source file and
 * row first. "Data row" is the 1-based record in the file with the header not counted (a CSV's
 * spreadsheet line is one more, unless quoted cells span lines); the line for JSON lines, the record
 * for JSON arrays and Parquet.
 */
import { useEffect, useState } from 'react';
import { useEscape } from '../../lib/use-escape';
import { DataGrid } from '../../components/DataGrid';
import type { ColumnSpec } from '../../components/cell-format';
import { useApp } from '../../app/store';
import type { Engine } from '../../../src/engine/engine';
import { SOURCE_COLUMNS, type AnySourceRowsQuery, type SourceColumn, type SourceTable } from '../../../src/queries/data/source-rows';
import type { EventScope } from '../../../src/model/findings';
import { warehouseDrill, type WarehouseDrill } from './warehouse-evidence';

type Display = Omit<ColumnSpec, 'key'>;

/** How each selected column is shown; the query module decides which columns and in what order. */
const DISPLAY: { [T in SourceTable]: Record<SourceColumn<T>, Display> } = {
  cost_lines: {
    source_file: { label: 'Source file', kind: 'text', width: 200 },
    source_row: { label: 'Data row', kind: 'count', width: 100 },
    ChargePeriodStart: { label: 'Charge period start', kind: 'timestamp', width: 170 },
    ServiceName: { label: 'Service', kind: 'text', width: 200 },
    SkuId: { label: 'SKU', kind: 'text', width: 160 },
    ResourceId: { label: 'Resource', kind: 'text', width: 220 },
    ChargeCategory: { label: 'Charge', kind: 'text', width: 100 },
    BilledCost: { label: 'Billed cost', kind: 'money', currencyKey: 'BillingCurrency', width: 140, pin: 'end' },
    EffectiveCost: { label: 'Effective cost', kind: 'money', currencyKey: 'BillingCurrency', width: 140, pin: 'end' },
    BillingCurrency: { label: 'Currency', kind: 'text', width: 90, pin: 'end' },
  },
  usage_events: {
    source_file: { label: 'Source file', kind: 'text', width: 200 },
    source_row: { label: 'Data row', kind: 'count', width: 100 },
    event_id: { label: 'Event', kind: 'text', width: 200 },
    customer_id: { label: 'Customer', kind: 'text', width: 160 },
    sku: { label: 'SKU', kind: 'text', width: 160 },
    ts: { label: 'Time', kind: 'timestamp', width: 170 },
    quantity: { label: 'Quantity', kind: 'decimal', decimals: 6, width: 150, pin: 'end' },
  },
  invoice_lines: {
    source_file: { label: 'Source file', kind: 'text', width: 200 },
    source_row: { label: 'Data row', kind: 'count', width: 100 },
    invoice_id: { label: 'Invoice', kind: 'text', width: 150 },
    line_id: { label: 'Line', kind: 'text', width: 150 },
    customer_id: { label: 'Customer', kind: 'text', width: 160 },
    sku: { label: 'SKU', kind: 'text', width: 160 },
    period_start: { label: 'Period start', kind: 'timestamp', width: 170 },
    quantity: { label: 'Quantity', kind: 'decimal', decimals: 6, width: 150 },
    unit_price: { label: 'Unit price', kind: 'decimal', decimals: 6, width: 130 },
    amount: { label: 'Amount', kind: 'money', currencyKey: 'currency', width: 140, pin: 'end' },
    currency: { label: 'Currency', kind: 'text', width: 90, pin: 'end' },
    kind: { label: 'Kind', kind: 'text', width: 100 },
  },
};

function columnsOf<T extends SourceTable>(table: T): ColumnSpec[] {
  const display: Record<string, Display> = DISPLAY[table];
  return SOURCE_COLUMNS[table].map((key) => ({ key, ...display[key] }));
}

type Props = { query: AnySourceRowsQuery; onBack?: () => void; height?: string; autoFocus?: boolean; testId?: string };

/** Where the data came from a warehouse, a drill over usage events asks it for them (warehouse-evidence.ts). */
export function SourceRows(props: Props) {
  const engine = useApp((s) => s.engine);
  const version = useApp((s) => s.dataVersion);
  const fromWarehouse = useApp((s) => s.warehouseLoad !== null);
  useEscape(props.onBack);
  if (!engine) return null;
  if (fromWarehouse && props.query.warehouse) return <WarehouseRows {...props} scope={props.query.warehouse} engine={engine} version={version} />;
  return <SourceGrid {...props} engine={engine} version={version} />;
}

function SourceGrid(props: Props & { engine: Engine; version: number }) {
  const { table } = props.query;
  return (
    <DataGrid
      engine={props.engine}
      label={`Source rows from ${table}`}
      testId={props.testId ?? `source-rows-${table}`}
      version={props.version}
      height={props.height ?? 'calc(100vh - 200px)'}
      columns={columnsOf(table)}
      defaultSort={{ key: 'source_row', desc: false }}
      query={props.query}
      emptyText="No source rows."
      autoFocus={props.autoFocus}
    />
  );
}

function WarehouseRows(props: Props & { scope: EventScope; engine: Engine; version: number }) {
  const load = useApp((s) => s.warehouseLoad);
  const [drill, setDrill] = useState<{ key: string; rows?: WarehouseDrill; error?: string } | null>(null);
  const key = JSON.stringify(props.scope);
  useEffect(() => {
    let live = true;
    warehouseDrill(JSON.parse(key) as EventScope).then(
      (rows) => live && setDrill({ key, rows }),
      (e: unknown) => live && setDrill({ key, error: (e instanceof Error ? e.message : String(e)).split('\n')[0] }),
    );
    return () => {
      live = false;
    };
  }, [key, load]);
  const testId = props.testId ?? 'source-rows-usage_events';
  const current = drill?.key === key ? drill : null;
  if (current?.error)
    return (
      <p role="alert" className="error-text" data-testid={`${testId}-warehouse-error`}>
        {current.error}
      </p>
    );
  if (!current?.rows)
    return (
      <p className="muted" role="status">
        Asking {load?.source} for these events…
      </p>
    );
  const { reply, query } = current.rows;
  return (
    <>
      <p className="muted" data-testid={`${testId}-warehouse`} style={{ margin: '0 0 4px' }}>
        {reply.rows} {reply.rows === 1 ? 'event' : 'events'} queried from {reply.source}
        {reply.rows >= reply.limit ? `: the first ${reply.limit} in source order` : ''}.
      </p>
      <SourceGrid {...props} query={query} />
    </>
  );
}
