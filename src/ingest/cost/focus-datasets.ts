/**
 * The FOCUS supporting datasets, recognised by header: Contract Commitment (1.3), Invoice Detail
 * and Billing Period (1.4). Each lands in its own canonical table with the FOCUS column names; the
 * specification's mandatory columns that may not be null are required. Cost and usage files share
 * several columns with Invoice Detail (BilledCost, BillingCurrency, ...): a dataset is detected by
 * the columns only it has, and outranks the cost and usage adapter when those are there.
 */
import { BILLING_PERIOD_COLUMNS, CONTRACT_COMMITMENT_COLUMNS, INVOICE_DETAIL_COLUMNS, type CanonicalTable, type ColumnDef } from '../../model/schema';
import type { Adapter, DataKind } from '../adapter';
import { canonicalSelect } from '../sql';
import { coverage } from './common';
import { focusColumnExprs, focusTypedColumns } from './focus-columns';

interface FocusDataset {
  format: string;
  label: string;
  kind: DataKind;
  table: CanonicalTable;
  columns: readonly ColumnDef[];
  /** Columns only this dataset has: at least half of them must be present. */
  distinctive: readonly string[];
  currencyColumn?: string;
  totalColumns?: readonly string[];
  periodColumns?: readonly [string, string];
}

function focusDatasetAdapter(d: FocusDataset): Adapter {
  const required = d.columns.filter((c) => c.required).map((c) => c.name);
  return {
    format: d.format,
    label: d.label,
    kind: d.kind,
    table: d.table,
    nullStrings: ['NULL', 'null', '(null)'],
    signature: d.distinctive.slice(0, 3),
    currencyColumn: d.currencyColumn,
    totalColumns: d.totalColumns ?? [],
    periodColumns: d.periodColumns,
    detect(headers) {
      const c = coverage(headers, d.distinctive);
      // Above any cost and usage score (at most 1.0 x the core coverage, which these files only half reach).
      return c >= 0.5 ? { score: 1 + c } : null;
    },
    requiredColumns: () => required,
    typedColumns: (headers) => focusTypedColumns(d.columns, headers),
    selectSql: (headers, ctx) => canonicalSelect(d.table, d.format, focusColumnExprs(d.columns, headers, ctx), ctx),
  };
}

export const focusInvoiceDetail = focusDatasetAdapter({
  format: 'focus-1.4-invoice-detail',
  label: 'FOCUS 1.4 Invoice Detail',
  kind: 'invoices',
  table: 'invoice_details',
  columns: INVOICE_DETAIL_COLUMNS,
  distinctive: [
    'InvoiceDetailCreated',
    'InvoiceDetailDescription',
    'InvoiceDetailGrain',
    'InvoiceDetailLastUpdated',
    'InvoiceIssueDate',
    'InvoiceIssueStatus',
    'PaymentDueDate',
    'PaymentTerms',
    'ReferenceInvoiceId',
  ],
  currencyColumn: 'BillingCurrency',
  totalColumns: ['BilledCost'],
  periodColumns: ['BillingPeriodStart', 'BillingPeriodEnd'],
});

export const focusBillingPeriod = focusDatasetAdapter({
  format: 'focus-1.4-billing-period',
  label: 'FOCUS 1.4 Billing Period',
  kind: 'invoices',
  table: 'billing_periods',
  columns: BILLING_PERIOD_COLUMNS,
  distinctive: ['BillingPeriodStatus', 'BillingPeriodCreated', 'BillingPeriodLastUpdated'],
  periodColumns: ['BillingPeriodStart', 'BillingPeriodEnd'],
});

export const focusContractCommitment = focusDatasetAdapter({
  format: 'focus-1.3-contract-commitment',
  label: 'FOCUS 1.3 Contract Commitment',
  kind: 'commitments',
  table: 'contract_commitments',
  columns: CONTRACT_COMMITMENT_COLUMNS,
  distinctive: [
    'ContractCommitmentId',
    'ContractCommitmentCategory',
    'ContractCommitmentType',
    'ContractCommitmentPeriodStart',
    'ContractCommitmentPeriodEnd',
    'ContractId',
  ],
  currencyColumn: 'BillingCurrency',
  totalColumns: ['ContractCommitmentCost'],
  periodColumns: ['ContractCommitmentPeriodStart', 'ContractCommitmentPeriodEnd'],
});
