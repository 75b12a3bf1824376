/**
 * The `finops analyze` output files as text (pure: the CLI writes them, the app offers them for
 * download). Column names follow the contract in DESIGN.md; extra columns come after.
 */
import type { AnomalyFinding, EventFinding, ReconciliationRow } from '../../model/findings';
import { toCsv } from '../../proposals/csv';
import type { MarginRow } from '../margin/margin';
import type { ProviderCheckRow } from '../provider-check/provider-check';

export const MARGIN_COLUMNS = [
  'sku', 'currency', 'revenue', 'cost', 'margin', 'margin_pct',
  'billed_quantity', 'metered_quantity', 'unit_price', 'unit_cost', 'negative_margin',
] as const;

export const MARGIN_DETAIL_COLUMNS = ['level', 'sku', 'customer_id', 'period', ...MARGIN_COLUMNS.slice(1)] as const;

export const RECONCILIATION_COLUMNS = [
  'customer_id', 'sku', 'period', 'currency', 'metered_quantity', 'billed_quantity', 'quantity_delta',
  'expected_amount', 'billed_amount', 'amount_delta', 'status',
  'expected_unit_price', 'billed_unit_price', 'invoice_ids',
] as const;

export const ANOMALY_COLUMNS = ['series_key', 'start', 'end', 'actual', 'expected', 'impact', 'currency', 'score', 'method', 'explanation'] as const;

export const EVENT_FINDING_COLUMNS = ['code', 'customer_id', 'sku', 'period', 'currency', 'quantity', 'amount', 'event_ids', 'source_rows', 'detail'] as const;

export const PROVIDER_COLUMNS = [
  'billing_account_id', 'invoice_id', 'billing_period', 'currency', 'lines', 'billed_cost', 'effective_cost',
  'billed_minus_effective', 'provider_invoice_total', 'invoice_difference', 'status', 'explanation',
] as const;

const cell = (v: unknown) => (v === null || v === undefined ? '' : Array.isArray(v) ? v.join(' ') : String(v));

function csvOf<T>(columns: readonly string[], rows: readonly T[]): string {
  return toCsv(columns, rows.map((r) => columns.map((c) => cell((r as Record<string, unknown>)[c]))));
}

export const marginCsv = (rows: MarginRow[]) => csvOf(MARGIN_COLUMNS, rows);
export const marginDetailCsv = (rows: MarginRow[]) => csvOf(MARGIN_DETAIL_COLUMNS, rows);
export const reconciliationCsv = (rows: ReconciliationRow[]) => csvOf(RECONCILIATION_COLUMNS, rows);
export const providerCsv = (rows: ProviderCheckRow[]) => csvOf(PROVIDER_COLUMNS, rows);

export function eventFindingsCsv(rows: EventFinding[]): string {
  return csvOf(
    EVENT_FINDING_COLUMNS,
    rows.map((f) => ({ ...f, source_rows: f.source_rows.map((s) => `${s.file}#${s.row}`) })),
  );
}

export function anomaliesCsv(rows: AnomalyFinding[]): string {
  return csvOf(ANOMALY_COLUMNS, rows);
}
