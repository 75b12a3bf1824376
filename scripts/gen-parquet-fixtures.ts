/**
 * Writes the small Parquet fixtures in test/fixtures/parquet/ and their CSV twins (the same rows
 * as a CSV export would hold them) with native DuckDB. Deterministic: every value is a function
 * of the row number. Run: npx tsx scripts/gen-parquet-fixtures.ts
 *
 * - focus-1.2.parquet / .csv: FOCUS 1.2 columns, DECIMAL money with 15 decimals, two currencies,
 *   Tags as a MAP column in Parquet (JSON text in the CSV).
 * - cur2.parquet / .csv: AWS CUR 2.0 (Athena-style snake_case), DOUBLE money as AWS writes it,
 *   `product` and `resource_tags` as MAP columns (JSON text in the CSV).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const OUT = path.resolve(import.meta.dirname, '../test/fixtures/parquet');
const ROWS = 48;

/** FOCUS 1.2 rows as a SELECT (also used by the 1M-row benchmark in scripts/bench/import.ts). */
export const focusSql = (ROWS: number): string => `
SELECT
  CASE WHEN i % 4 = 0 THEN NULL ELSE 'us-east-1' || chr(CAST(97 + i % 3 AS INTEGER)) END AS AvailabilityZone,
  CAST(CASE WHEN i % 11 = 5 THEN -1 ELSE 1 END * ((i * 7919) % 100003) AS DECIMAL(30,0)) * CAST('0.000000123456789' AS DECIMAL(30,15)) AS BilledCost,
  '4711-' || (i % 2) AS BillingAccountId,
  'Acme ' || (i % 2) AS BillingAccountName,
  'Billing Profile' AS BillingAccountType,
  CASE WHEN i % 5 = 3 THEN 'EUR' ELSE 'USD' END AS BillingCurrency,
  TIMESTAMP '2025-02-01 00:00:00' AS BillingPeriodEnd,
  TIMESTAMP '2025-01-01 00:00:00' AS BillingPeriodStart,
  CAST(NULL AS VARCHAR) AS CapacityReservationId,
  CAST(NULL AS VARCHAR) AS CapacityReservationStatus,
  CASE WHEN i % 11 = 5 THEN 'Credit' WHEN i % 13 = 7 THEN 'Tax' WHEN i % 17 = 9 THEN 'Purchase' ELSE 'Usage' END AS ChargeCategory,
  CASE WHEN i % 19 = 4 THEN 'Correction' ELSE NULL END AS ChargeClass,
  'Charge for line ' || i || ', "quoted", ünïcode' AS ChargeDescription,
  CASE WHEN i % 17 = 9 THEN 'One-Time' ELSE 'Usage-Based' END AS ChargeFrequency,
  TIMESTAMP '2025-01-01 01:00:00' + INTERVAL (i) HOUR AS ChargePeriodEnd,
  TIMESTAMP '2025-01-01 00:00:00' + INTERVAL (i) HOUR AS ChargePeriodStart,
  CAST(NULL AS VARCHAR) AS CommitmentDiscountCategory,
  CAST(NULL AS VARCHAR) AS CommitmentDiscountId,
  CAST(NULL AS VARCHAR) AS CommitmentDiscountName,
  CAST(NULL AS DECIMAL(30,15)) AS CommitmentDiscountQuantity,
  CAST(NULL AS VARCHAR) AS CommitmentDiscountStatus,
  CAST(NULL AS VARCHAR) AS CommitmentDiscountType,
  CAST(NULL AS VARCHAR) AS CommitmentDiscountUnit,
  CASE WHEN i % 11 = 5 OR i % 13 = 7 OR i % 17 = 9 THEN NULL ELSE CAST((i % 7) + 1 AS DECIMAL(30,15)) / 4 END AS ConsumedQuantity,
  CASE WHEN i % 11 = 5 OR i % 13 = 7 OR i % 17 = 9 THEN NULL ELSE 'Hours' END AS ConsumedUnit,
  CAST(CASE WHEN i % 11 = 5 THEN -1 ELSE 1 END * ((i * 7919) % 100003) AS DECIMAL(30,0)) * CAST('0.000000123456789' AS DECIMAL(30,15)) AS ContractedCost,
  CAST('0.000000123456789' AS DECIMAL(30,15)) AS ContractedUnitPrice,
  CAST(CASE WHEN i % 11 = 5 THEN -1 ELSE 1 END * ((i * 7919) % 100003) AS DECIMAL(30,0)) * CAST('0.000000111111111' AS DECIMAL(30,15)) AS EffectiveCost,
  'INV-2025-01-' || (i % 2) AS InvoiceId,
  'Example Cloud Inc.' AS InvoiceIssuerName,
  CAST(CASE WHEN i % 11 = 5 THEN -1 ELSE 1 END * ((i * 7919) % 100003) AS DECIMAL(30,0)) * CAST('0.000000150000000' AS DECIMAL(30,15)) AS ListCost,
  CAST('0.000000150000000' AS DECIMAL(30,15)) AS ListUnitPrice,
  CASE WHEN i % 13 = 7 OR i % 11 = 5 THEN NULL ELSE 'Standard' END AS PricingCategory,
  CASE WHEN i % 5 = 3 THEN 'EUR' ELSE 'USD' END AS PricingCurrency,
  CAST('0.000000123456789' AS DECIMAL(30,15)) AS PricingCurrencyContractedUnitPrice,
  CAST(CASE WHEN i % 11 = 5 THEN -1 ELSE 1 END * ((i * 7919) % 100003) AS DECIMAL(30,0)) * CAST('0.000000111111111' AS DECIMAL(30,15)) AS PricingCurrencyEffectiveCost,
  CAST('0.000000150000000' AS DECIMAL(30,15)) AS PricingCurrencyListUnitPrice,
  CASE WHEN i % 13 = 7 OR i % 11 = 5 THEN NULL ELSE CAST((i * 7919) % 100003 AS DECIMAL(30,15)) END AS PricingQuantity,
  CASE WHEN i % 13 = 7 OR i % 11 = 5 THEN NULL ELSE 'Requests' END AS PricingUnit,
  'Example Cloud' AS ProviderName,
  'Example Cloud' AS PublisherName,
  'us-east-1' AS RegionId,
  'US East (N. Virginia)' AS RegionName,
  'res-' || lpad(CAST(i % 6 AS VARCHAR), 4, '0') AS ResourceId,
  'resource ' || (i % 6) AS ResourceName,
  'Virtual Machine' AS ResourceType,
  CASE WHEN i % 3 = 0 THEN 'Storage' ELSE 'Compute' END AS ServiceCategory,
  CASE WHEN i % 3 = 0 THEN 'Object Store' ELSE 'Virtual Machines' END AS ServiceName,
  CASE WHEN i % 3 = 0 THEN 'Object Storage' ELSE 'Virtual Machines' END AS ServiceSubcategory,
  'SKU-' || (i % 4) AS SkuId,
  'Compute Usage' AS SkuMeter,
  '{"CoreCount": ' || ((i % 4) + 1) || '}' AS SkuPriceDetails,
  'PRICE-' || (i % 4) AS SkuPriceId,
  '0000' || (i % 3) AS SubAccountId,
  'Project ' || (i % 3) AS SubAccountName,
  'Project' AS SubAccountType,
  CASE WHEN i % 7 = 6 THEN NULL
       WHEN i % 7 = 5 THEN MAP {}::MAP(VARCHAR, VARCHAR)
       ELSE MAP {'customer': 'cust-' || (i % 5), 'sku': 'sku-' || (i % 3), 'note': 'say "hi", a\\b'} END AS Tags
FROM range(${ROWS}) t(i)
ORDER BY i`;

const cur2Sql = (ROWS: number): string => `
SELECT
  'identity-' || i AS identity_line_item_id,
  '2025-01-01T00:00:00Z/2025-01-02T00:00:00Z' AS identity_time_interval,
  CAST(NULL AS VARCHAR) AS bill_invoice_id,
  'AWS' AS bill_billing_entity,
  'Anniversary' AS bill_bill_type,
  '123456789012' AS bill_payer_account_id,
  'Acme Payer' AS bill_payer_account_name,
  TIMESTAMP '2025-01-01 00:00:00' AS bill_billing_period_start_date,
  TIMESTAMP '2025-02-01 00:00:00' AS bill_billing_period_end_date,
  '2109876543' || (i % 3) AS line_item_usage_account_id,
  'Team ' || (i % 3) AS line_item_usage_account_name,
  CASE WHEN i % 9 = 4 THEN 'Tax' WHEN i % 10 = 7 THEN 'Credit' ELSE 'Usage' END AS line_item_line_item_type,
  TIMESTAMP '2025-01-01 00:00:00' + INTERVAL (i) HOUR AS line_item_usage_start_date,
  TIMESTAMP '2025-01-01 01:00:00' + INTERVAL (i) HOUR AS line_item_usage_end_date,
  CASE WHEN i % 2 = 0 THEN 'AmazonEC2' ELSE 'AmazonS3' END AS line_item_product_code,
  CASE WHEN i % 2 = 0 THEN 'BoxUsage:m5.large' ELSE 'TimedStorage-ByteHrs' END AS line_item_usage_type,
  CASE WHEN i % 2 = 0 THEN 'RunInstances' ELSE 'StandardStorage' END AS line_item_operation,
  CASE WHEN i % 2 = 0 THEN 'i-0' || lpad(CAST(i % 5 AS VARCHAR), 6, '0') ELSE 'bucket-' || (i % 4) END AS line_item_resource_id,
  CAST((i % 9) + 1 AS DOUBLE) / 3 AS line_item_usage_amount,
  'USD' AS line_item_currency_code,
  CAST(0.096 AS DOUBLE) AS line_item_unblended_rate,
  CASE WHEN i % 10 = 7 THEN -1 ELSE 1 END * (CAST((i * 7919) % 100003 AS DOUBLE) / 7777777.0) AS line_item_unblended_cost,
  CASE WHEN i % 10 = 7 THEN -1 ELSE 1 END * (CAST((i * 7919) % 100003 AS DOUBLE) / 8888888.0) AS line_item_net_unblended_cost,
  CASE WHEN i % 10 = 7 THEN -1 ELSE 1 END * (CAST((i * 7919) % 100003 AS DOUBLE) / 7000000.0) AS line_item_blended_cost,
  'Line ' || i || ' usage, "quoted"' AS line_item_line_item_description,
  'Amazon Web Services, Inc.' AS line_item_legal_entity,
  CASE WHEN i % 3 = 0 THEN 'us-east-1a' ELSE NULL END AS line_item_availability_zone,
  CAST((i * 7919) % 100003 AS DOUBLE) / 6000000.0 AS pricing_public_on_demand_cost,
  CAST(0.1 AS DOUBLE) AS pricing_public_on_demand_rate,
  CASE WHEN i % 2 = 0 THEN 'Hrs' ELSE 'GB-Mo' END AS pricing_unit,
  'OnDemand' AS pricing_term,
  'us-east-1' AS product_region_code,
  CASE WHEN i % 2 = 0 THEN 'Amazon Elastic Compute Cloud' ELSE 'Amazon Simple Storage Service' END AS product_product_name,
  'SKU' || (i % 4) AS product_sku,
  MAP {'product_name': CASE WHEN i % 2 = 0 THEN 'Amazon Elastic Compute Cloud' ELSE 'Amazon Simple Storage Service' END,
       'region': 'us-east-1', 'servicecode': CASE WHEN i % 2 = 0 THEN 'AmazonEC2' ELSE 'AmazonS3' END,
       'instance_type': CASE WHEN i % 2 = 0 THEN 'm5.large' ELSE '' END} AS product,
  CASE WHEN i % 6 = 5 THEN NULL
       ELSE MAP {'user_team': 'team-' || (i % 3), 'user_customer': 'cust-' || (i % 5), 'user_cost_center': 'CC "' || (i % 2) || '"'} END AS resource_tags
FROM range(${ROWS}) t(i)
ORDER BY i`;

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  await c.run('SET threads = 1'); // one writer thread: byte-identical output on every run
  for (const [name, sql, maps] of [
    ['focus-1.2', focusSql(ROWS), ['Tags']],
    ['cur2', cur2Sql(ROWS), ['product', 'resource_tags']],
  ] as const) {
    await c.run(`CREATE OR REPLACE TABLE t AS ${sql}`);
    const pq = path.join(OUT, `${name}.parquet`);
    const csv = path.join(OUT, `${name}.csv`);
    await c.run(`COPY t TO '${pq}' (FORMAT parquet, COMPRESSION zstd)`);
    // The CSV twin writes map columns as JSON objects, as the providers' CSV exports do.
    const cols = (await c.runAndReadAll('SELECT column_name FROM (DESCRIBE t)')).getRows().map((r) => String(r[0]));
    const select = cols.map((n) => ((maps as readonly string[]).includes(n) ? `CAST(to_json("${n}") AS VARCHAR) AS "${n}"` : `"${n}"`)).join(', ');
    await c.run(`COPY (SELECT ${select} FROM t) TO '${csv}' (FORMAT csv, HEADER)`);
    console.log(`wrote ${pq} and ${csv}`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) await main();
