/**
 * Every output table of the analysis run, declared once: its columns, their engine types and
 * how a cell is read from a result row. The CLI renders them to the `finops analyze` CSV files
 * (contract columns of DESIGN.md first), the app to the analysis_* tables its screens page
 * through (see result-tables.ts). Adding an output column touches only this file.
 */
import type { AnomalyFinding, EventFinding, FraudFinding, ReconciliationRow } from '../model/findings';
import { MONEY, QTY } from '../model/schema';
import type { MarginRow } from '../analysis/margin/margin';
import type { FxConversionRow, ReportingMarginRow } from '../analysis/fx/reporting-margin';
import type { ProviderCheckRow } from '../analysis/provider-check/provider-check';
import type { InvoiceReconciliationRow } from '../analysis/invoice-reconciliation/invoice-reconciliation';

export interface OutputColumn<R> {
  name: string;
  /** DuckDB type of the app's result table column. */
  type: string;
  /** The cell of a row (default: the field of the same name). Arrays are written space-separated. */
  value?: (r: R) => unknown;
}

/** One CSV file of a table: the rows it keeps and the columns it writes, in order. */
export interface OutputFile<R> {
  file: string;
  rows?: (r: R) => boolean;
  columns?: readonly string[];
}

export interface OutputTable<R> {
  /** The app's result table. */
  table: string;
  columns: readonly OutputColumn<R>[];
  files: readonly OutputFile<R>[];
  /** The CLI writes the files only when the table has rows (outputs that exist only when asked for). */
  onlyWithRows?: boolean;
}

const text = <R>(name: string, value?: (r: R) => unknown): OutputColumn<R> => ({ name, type: 'VARCHAR', value });
const money = <R>(name: string): OutputColumn<R> => ({ name, type: MONEY });
const qty = <R>(name: string): OutputColumn<R> => ({ name, type: QTY });
/**
 * Statistics (not money) at 12 significant digits: the last bits of a double differ between
 * JavaScript engines (Node and the app's Chromium), and no reader needs them.
 */
const num = <R>(name: string): OutputColumn<R> => ({ name, type: 'DOUBLE', value: (r) => significant((r as Record<string, unknown>)[name]) });

function significant(v: unknown): unknown {
  return typeof v === 'number' && Number.isFinite(v) ? Number(v.toPrecision(12)) : v;
}

/** `file#row` (a file name may hold ':' on Windows; '#' is what the CLI has always written). */
export const sourceRowsCell = (rows: readonly { file: string; row: number }[]): string[] => rows.map((s) => `${s.file}#${s.row}`);

const MARGIN_VALUES = [
  'currency',
  'revenue',
  'cost',
  'margin',
  'margin_pct',
  'billed_quantity',
  'metered_quantity',
  'unit_price',
  'unit_cost',
  'negative_margin',
];

export const MARGIN_TABLE: OutputTable<MarginRow> = {
  table: 'analysis_margin',
  columns: [
    text('level'),
    text('sku'),
    text('customer_id'),
    text('period'),
    text('currency'),
    money('revenue'),
    money('cost'),
    money('margin'),
    { name: 'margin_pct', type: 'DECIMAL(38,2)' },
    qty('billed_quantity'),
    qty('metered_quantity'),
    money('unit_price'),
    money('unit_cost'),
    { name: 'negative_margin', type: 'BOOLEAN' },
  ],
  files: [
    { file: 'margin.csv', rows: (r) => r.level === 'sku', columns: ['sku', ...MARGIN_VALUES] },
    { file: 'margin_detail.csv', rows: (r) => ['customer', 'sku_customer', 'sku_period'].includes(r.level) },
  ],
};

/** Margin converted to the reporting currency (`currency`), every level of MARGIN_TABLE, all native currencies combined. */
export const MARGIN_REPORTING_TABLE: OutputTable<ReportingMarginRow> = {
  table: 'analysis_margin_reporting',
  columns: [...MARGIN_TABLE.columns, text('native_currencies'), { name: 'fx_rate', type: 'DECIMAL(38,18)' }, text('fx_date')],
  files: [{ file: 'margin_reporting.csv' }],
  onlyWithRows: true,
};

/** Each native currency × row date converted: rate, rate date, the rates behind it and the amounts. */
export const FX_CONVERSIONS_TABLE: OutputTable<FxConversionRow> = {
  table: 'analysis_fx_conversions',
  columns: [
    text('date'),
    text('currency'),
    text('reporting_currency'),
    { name: 'fx_rate', type: 'DECIMAL(38,18)' },
    text('fx_date'),
    text('fx_legs'),
    money('revenue'),
    money('cost'),
    money('revenue_converted'),
    money('cost_converted'),
  ],
  files: [{ file: 'fx_conversions.csv' }],
  onlyWithRows: true,
};

export const RECONCILIATION_TABLE: OutputTable<ReconciliationRow> = {
  table: 'analysis_reconciliation',
  columns: [
    text('customer_id'),
    text('sku'),
    text('period'),
    text('currency'),
    qty('metered_quantity'),
    qty('billed_quantity'),
    qty('quantity_delta'),
    money('expected_amount'),
    money('billed_amount'),
    money('amount_delta'),
    text('status'),
    money('expected_unit_price'),
    money('billed_unit_price'),
    text('invoice_ids'),
    text('line_ids'),
  ],
  files: [{ file: 'reconciliation.csv' }],
};

export const EVENT_FINDINGS_TABLE: OutputTable<EventFinding> = {
  table: 'analysis_event_findings',
  columns: [
    text('code'),
    text('customer_id'),
    text('sku'),
    text('period'),
    text('currency'),
    qty('quantity'),
    money('amount'),
    text('event_ids'),
    text('source_rows', (f) => sourceRowsCell(f.source_rows)),
    text('detail'),
  ],
  files: [{ file: 'event_findings.csv' }],
};

export const ANOMALIES_TABLE: OutputTable<AnomalyFinding> = {
  table: 'analysis_anomalies',
  columns: [
    text('series_key'),
    text('start'),
    text('end'),
    num('actual'),
    num('expected'),
    money('impact'),
    text('currency'),
    num('score'),
    text('method'),
    text('explanation'),
    text('id'),
    text('dims', (a) =>
      Object.entries(a.dimensions)
        .map(([k, x]) => `${k}=${x || '(none)'}`)
        .join(' · '),
    ),
    num('impact_pct'),
    text('quantity_impact', (a) => a.quantity_impact ?? null),
  ],
  files: [{ file: 'anomalies.csv' }],
};

export const FRAUD_TABLE: OutputTable<FraudFinding> = {
  table: 'analysis_fraud',
  columns: [
    text('id'),
    text('rule'),
    text('customer_id'),
    num('score'),
    text('evidence'),
    money('amount'),
    text('currency'),
    text('sku'),
    text('period'),
  ],
  files: [{ file: 'fraud.csv' }],
};

export const PROVIDER_CHECK_TABLE: OutputTable<ProviderCheckRow> = {
  table: 'analysis_provider_check',
  columns: [
    text('billing_account_id'),
    text('invoice_id'),
    text('billing_period'),
    text('currency'),
    { name: 'lines', type: 'BIGINT' },
    money('billed_cost'),
    money('effective_cost'),
    money('billed_minus_effective'),
    money('provider_invoice_total'),
    money('invoice_difference'),
    text('status'),
    text('explanation'),
  ],
  files: [{ file: 'provider_check.csv' }],
};

/** FOCUS 1.4 invoice reconciliation: cost and usage vs Invoice Detail per issuer × invoice (× detail) × currency. */
export const INVOICE_RECONCILIATION_TABLE: OutputTable<InvoiceReconciliationRow> = {
  table: 'analysis_invoice_reconciliation',
  columns: [
    text('level'),
    text('invoice_issuer_name'),
    text('invoice_id'),
    text('invoice_detail_id'),
    text('currency'),
    text('status'),
    money('invoice_billed_cost'),
    money('cost_billed_cost'),
    money('variance'),
    money('invoice_tax'),
    money('cost_tax'),
    money('tax_variance'),
    text('payment_currency'),
    money('payment_currency_billed_cost'),
    text('billing_account_id'),
    text('billing_period'),
    text('billing_period_status'),
    text('invoice_issue_status'),
    text('reference_invoice_id'),
    { name: 'invoice_lines', type: 'BIGINT' },
    { name: 'cost_lines', type: 'BIGINT' },
    text('invoice_rows', (r) => sourceRowsCell(r.invoice_rows)),
    text('cost_rows', (r) => sourceRowsCell(r.cost_rows)),
    text('explanation'),
  ],
  files: [{ file: 'invoice_reconciliation.csv' }],
  onlyWithRows: true,
};

/** A cell as the row holds it (the column's accessor, else the field of that name). */
export function cellValue<R>(c: OutputColumn<R>, r: R): unknown {
  return c.value ? c.value(r) : (r as Record<string, unknown>)[c.name];
}
