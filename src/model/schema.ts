/**
 * The canonical tables every importer writes and every analysis reads. Column lists live here
 * once; DDL is generated from them. Money is DECIMAL(38,18): 20 integer digits (JPY/KWD totals
 * near 10^15 fit) and 18 decimals (cost exports carry 11+ decimals and scientific notation).
 * Every table carries provenance (source_file, source_row) so any number drills to its rows.
 */

export const MONEY = 'DECIMAL(38,18)';
export const QTY = 'DECIMAL(38,18)';

export interface ColumnDef {
  name: string;
  type: string;
  /** FOCUS "mandatory" columns a cost adapter must fill (null allowed where FOCUS allows). */
  required?: boolean;
}

/**
 * FOCUS 1.2 columns (names and types), the columns FOCUS 1.3 and 1.4 add (split cost allocation,
 * ContractApplied, ServiceProviderName/HostProviderName, InvoiceDetailId), then provenance and
 * provider extras (x_ prefix). JSON columns (Tags, ContractApplied, AllocatedMethodDetails,
 * AllocatedTags) hold the source's JSON text.
 */
export const COST_LINE_COLUMNS: ColumnDef[] = [
  { name: 'AllocatedMethodDetails', type: 'VARCHAR' },
  { name: 'AllocatedMethodId', type: 'VARCHAR' },
  { name: 'AllocatedResourceId', type: 'VARCHAR' },
  { name: 'AllocatedResourceName', type: 'VARCHAR' },
  { name: 'AllocatedTags', type: 'VARCHAR' },
  { name: 'AvailabilityZone', type: 'VARCHAR' },
  { name: 'BilledCost', type: MONEY, required: true },
  { name: 'BillingAccountId', type: 'VARCHAR', required: true },
  { name: 'BillingAccountName', type: 'VARCHAR' },
  { name: 'BillingAccountType', type: 'VARCHAR' },
  { name: 'BillingCurrency', type: 'VARCHAR', required: true },
  { name: 'BillingPeriodEnd', type: 'TIMESTAMP', required: true },
  { name: 'BillingPeriodStart', type: 'TIMESTAMP', required: true },
  { name: 'CapacityReservationId', type: 'VARCHAR' },
  { name: 'CapacityReservationStatus', type: 'VARCHAR' },
  { name: 'ChargeCategory', type: 'VARCHAR', required: true },
  { name: 'ChargeClass', type: 'VARCHAR' },
  { name: 'ChargeDescription', type: 'VARCHAR' },
  { name: 'ChargeFrequency', type: 'VARCHAR' },
  { name: 'ChargePeriodEnd', type: 'TIMESTAMP', required: true },
  { name: 'ChargePeriodStart', type: 'TIMESTAMP', required: true },
  { name: 'CommitmentDiscountCategory', type: 'VARCHAR' },
  { name: 'CommitmentDiscountId', type: 'VARCHAR' },
  { name: 'CommitmentDiscountName', type: 'VARCHAR' },
  { name: 'CommitmentDiscountQuantity', type: QTY },
  { name: 'CommitmentDiscountStatus', type: 'VARCHAR' },
  { name: 'CommitmentDiscountType', type: 'VARCHAR' },
  { name: 'CommitmentDiscountUnit', type: 'VARCHAR' },
  { name: 'ConsumedQuantity', type: QTY },
  { name: 'ConsumedUnit', type: 'VARCHAR' },
  { name: 'ContractApplied', type: 'VARCHAR' },
  { name: 'ContractedCost', type: MONEY },
  { name: 'ContractedUnitPrice', type: MONEY },
  { name: 'EffectiveCost', type: MONEY, required: true },
  { name: 'HostProviderName', type: 'VARCHAR' },
  { name: 'InvoiceDetailId', type: 'VARCHAR' },
  { name: 'InvoiceId', type: 'VARCHAR' },
  { name: 'InvoiceIssuerName', type: 'VARCHAR' },
  { name: 'ListCost', type: MONEY },
  { name: 'ListUnitPrice', type: MONEY },
  { name: 'PricingCategory', type: 'VARCHAR' },
  { name: 'PricingCurrency', type: 'VARCHAR' },
  { name: 'PricingCurrencyContractedUnitPrice', type: MONEY },
  { name: 'PricingCurrencyEffectiveCost', type: MONEY },
  { name: 'PricingCurrencyListUnitPrice', type: MONEY },
  { name: 'PricingQuantity', type: QTY },
  { name: 'PricingUnit', type: 'VARCHAR' },
  { name: 'ProviderName', type: 'VARCHAR' },
  { name: 'PublisherName', type: 'VARCHAR' },
  { name: 'RegionId', type: 'VARCHAR' },
  { name: 'RegionName', type: 'VARCHAR' },
  { name: 'ResourceId', type: 'VARCHAR' },
  { name: 'ResourceName', type: 'VARCHAR' },
  { name: 'ResourceType', type: 'VARCHAR' },
  { name: 'ServiceCategory', type: 'VARCHAR' },
  { name: 'ServiceName', type: 'VARCHAR' },
  { name: 'ServiceProviderName', type: 'VARCHAR' },
  { name: 'ServiceSubcategory', type: 'VARCHAR' },
  { name: 'SkuId', type: 'VARCHAR' },
  { name: 'SkuMeter', type: 'VARCHAR' },
  { name: 'SkuPriceDetails', type: 'VARCHAR' },
  { name: 'SkuPriceId', type: 'VARCHAR' },
  { name: 'SubAccountId', type: 'VARCHAR' },
  { name: 'SubAccountName', type: 'VARCHAR' },
  { name: 'SubAccountType', type: 'VARCHAR' },
  /** Tags as the source wrote them (JSON text); exploded into cost_tags for joins. */
  { name: 'Tags', type: 'VARCHAR' },
  // Provenance and provider extras.
  { name: 'source_file', type: 'VARCHAR' },
  { name: 'source_row', type: 'BIGINT' },
  { name: 'source_format', type: 'VARCHAR' },
  { name: 'x_line_id', type: 'BIGINT' },
];

/** One row per tag on a cost line: allocation by tag is a join on x_line_id. */
export const COST_TAG_COLUMNS: ColumnDef[] = [
  { name: 'line_id', type: 'BIGINT' },
  { name: 'key', type: 'VARCHAR' },
  { name: 'value', type: 'VARCHAR' },
];

export const USAGE_EVENT_COLUMNS: ColumnDef[] = [
  { name: 'event_id', type: 'VARCHAR' },
  { name: 'source', type: 'VARCHAR' },
  { name: 'customer_id', type: 'VARCHAR' },
  { name: 'sku', type: 'VARCHAR' },
  { name: 'ts', type: 'TIMESTAMP' },
  { name: 'ingested_at', type: 'TIMESTAMP' },
  { name: 'quantity', type: QTY },
  /** Remaining event fields as JSON text (parsed without the json extension). */
  { name: 'properties', type: 'VARCHAR' },
  { name: 'source_file', type: 'VARCHAR' },
  { name: 'source_row', type: 'BIGINT' },
  { name: 'source_format', type: 'VARCHAR' },
];

export const INVOICE_LINE_COLUMNS: ColumnDef[] = [
  { name: 'invoice_id', type: 'VARCHAR' },
  { name: 'line_id', type: 'VARCHAR' },
  { name: 'customer_id', type: 'VARCHAR' },
  { name: 'sku', type: 'VARCHAR' },
  { name: 'period_start', type: 'TIMESTAMP' },
  { name: 'period_end', type: 'TIMESTAMP' },
  { name: 'issued_at', type: 'TIMESTAMP' },
  { name: 'quantity', type: QTY },
  { name: 'unit_price', type: MONEY },
  { name: 'amount', type: MONEY },
  { name: 'currency', type: 'VARCHAR' },
  /** fee | credit | tax | adjustment | subscription | ... */
  { name: 'kind', type: 'VARCHAR' },
  { name: 'source_file', type: 'VARCHAR' },
  { name: 'source_row', type: 'BIGINT' },
  { name: 'source_format', type: 'VARCHAR' },
  /** The line this one corrects (a credit-note item's fee): customer/SKU/period come from it. */
  { name: 'x_ref_line_id', type: 'VARCHAR' },
];

export const PRICE_BOOK_COLUMNS: ColumnDef[] = [
  { name: 'sku', type: 'VARCHAR' },
  { name: 'currency', type: 'VARCHAR' },
  { name: 'unit_price', type: MONEY },
  /** null for flat prices; 'graduated' | 'volume' for tiers. */
  { name: 'tier_mode', type: 'VARCHAR' },
  { name: 'tier_from', type: QTY },
  { name: 'tier_to', type: QTY },
  { name: 'free_quantity', type: QTY },
  { name: 'valid_from', type: 'TIMESTAMP' },
  { name: 'valid_to', type: 'TIMESTAMP' },
  { name: 'source_file', type: 'VARCHAR' },
  { name: 'source_row', type: 'BIGINT' },
];

/**
 * Dated FX rates the analyst loads: 1 `from_currency` = `rate` `to_currency` on `date`. The ECB
 * layout lands here as from EUR (its rates are units of currency per 1 EUR).
 */
export const FX_RATE_COLUMNS: ColumnDef[] = [
  { name: 'date', type: 'DATE' },
  { name: 'from_currency', type: 'VARCHAR' },
  { name: 'to_currency', type: 'VARCHAR' },
  { name: 'rate', type: 'DECIMAL(38,18)' },
  { name: 'source_file', type: 'VARCHAR' },
  { name: 'source_row', type: 'BIGINT' },
];

/** FOCUS 1.4 Invoice Detail dataset: the invoice lines as the invoice issuer states them. */
export const INVOICE_DETAIL_COLUMNS: ColumnDef[] = [
  { name: 'BilledCost', type: MONEY, required: true },
  { name: 'BillingAccountId', type: 'VARCHAR', required: true },
  { name: 'BillingCurrency', type: 'VARCHAR', required: true },
  { name: 'BillingPeriodEnd', type: 'TIMESTAMP', required: true },
  { name: 'BillingPeriodStart', type: 'TIMESTAMP', required: true },
  { name: 'ChargeCategory', type: 'VARCHAR', required: true },
  { name: 'InvoiceDetailCreated', type: 'TIMESTAMP' },
  { name: 'InvoiceDetailDescription', type: 'VARCHAR' },
  { name: 'InvoiceDetailGrain', type: 'VARCHAR' },
  { name: 'InvoiceDetailId', type: 'VARCHAR', required: true },
  { name: 'InvoiceDetailLastUpdated', type: 'TIMESTAMP' },
  { name: 'InvoiceId', type: 'VARCHAR', required: true },
  { name: 'InvoiceIssueDate', type: 'TIMESTAMP' },
  { name: 'InvoiceIssueStatus', type: 'VARCHAR' },
  { name: 'InvoiceIssuerName', type: 'VARCHAR', required: true },
  { name: 'PaymentCurrency', type: 'VARCHAR' },
  { name: 'PaymentCurrencyBilledCost', type: MONEY },
  { name: 'PaymentCurrencyInvoiceDetailId', type: 'VARCHAR' },
  { name: 'PaymentDueDate', type: 'TIMESTAMP' },
  { name: 'PaymentTerms', type: 'VARCHAR' },
  { name: 'PurchaseOrderNumber', type: 'VARCHAR' },
  { name: 'ReferenceInvoiceId', type: 'VARCHAR' },
  { name: 'source_file', type: 'VARCHAR' },
  { name: 'source_row', type: 'BIGINT' },
  { name: 'source_format', type: 'VARCHAR' },
];

/** FOCUS 1.4 Billing Period dataset: each invoice issuer's billing periods and whether they are closed. */
export const BILLING_PERIOD_COLUMNS: ColumnDef[] = [
  { name: 'BillingPeriodCreated', type: 'TIMESTAMP' },
  { name: 'BillingPeriodEnd', type: 'TIMESTAMP', required: true },
  { name: 'BillingPeriodLastUpdated', type: 'TIMESTAMP' },
  { name: 'BillingPeriodStart', type: 'TIMESTAMP', required: true },
  { name: 'BillingPeriodStatus', type: 'VARCHAR', required: true },
  { name: 'InvoiceIssuerName', type: 'VARCHAR', required: true },
  { name: 'source_file', type: 'VARCHAR' },
  { name: 'source_row', type: 'BIGINT' },
  { name: 'source_format', type: 'VARCHAR' },
];

/** FOCUS 1.3 Contract Commitment dataset: the terms of contracts; cost lines reference them in ContractApplied. */
export const CONTRACT_COMMITMENT_COLUMNS: ColumnDef[] = [
  { name: 'BillingCurrency', type: 'VARCHAR' },
  { name: 'ContractCommitmentCategory', type: 'VARCHAR', required: true },
  { name: 'ContractCommitmentCost', type: MONEY },
  { name: 'ContractCommitmentDescription', type: 'VARCHAR' },
  { name: 'ContractCommitmentId', type: 'VARCHAR', required: true },
  { name: 'ContractCommitmentPeriodEnd', type: 'TIMESTAMP', required: true },
  { name: 'ContractCommitmentPeriodStart', type: 'TIMESTAMP', required: true },
  { name: 'ContractCommitmentQuantity', type: QTY },
  { name: 'ContractCommitmentType', type: 'VARCHAR', required: true },
  { name: 'ContractCommitmentUnit', type: 'VARCHAR' },
  { name: 'ContractId', type: 'VARCHAR', required: true },
  { name: 'ContractPeriodEnd', type: 'TIMESTAMP', required: true },
  { name: 'ContractPeriodStart', type: 'TIMESTAMP', required: true },
  { name: 'source_file', type: 'VARCHAR' },
  { name: 'source_row', type: 'BIGINT' },
  { name: 'source_format', type: 'VARCHAR' },
];

export const CANONICAL_TABLES = {
  cost_lines: COST_LINE_COLUMNS,
  cost_tags: COST_TAG_COLUMNS,
  usage_events: USAGE_EVENT_COLUMNS,
  invoice_lines: INVOICE_LINE_COLUMNS,
  price_book: PRICE_BOOK_COLUMNS,
  fx_rates: FX_RATE_COLUMNS,
  invoice_details: INVOICE_DETAIL_COLUMNS,
  billing_periods: BILLING_PERIOD_COLUMNS,
  contract_commitments: CONTRACT_COMMITMENT_COLUMNS,
} as const;

export type CanonicalTable = keyof typeof CANONICAL_TABLES;
