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

/** FOCUS 1.2 columns (names and types), then provenance and provider extras (x_ prefix). */
export const COST_LINE_COLUMNS: ColumnDef[] = [
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
  { name: 'ContractedCost', type: MONEY },
  { name: 'ContractedUnitPrice', type: MONEY },
  { name: 'EffectiveCost', type: MONEY, required: true },
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

export const CANONICAL_TABLES = {
  cost_lines: COST_LINE_COLUMNS,
  cost_tags: COST_TAG_COLUMNS,
  usage_events: USAGE_EVENT_COLUMNS,
  invoice_lines: INVOICE_LINE_COLUMNS,
  price_book: PRICE_BOOK_COLUMNS,
  fx_rates: FX_RATE_COLUMNS,
} as const;

export type CanonicalTable = keyof typeof CANONICAL_TABLES;
