/**
 * Deterministic files shaped like the held-out month of a 1,000-customer company: Lago usage
 * events as NDJSON (Unix-seconds timestamps, 1 in 1000 a repeated id), a FOCUS 1.2 cost CSV of
 * 24 columns with customer/sku tags (1 in 20 untagged), a Lago invoice-fees ledger billing what
 * was metered (1 in 50 fees 1% short) and a price book. Larger FOCUS exports (Parquet, tags as a
 * map) for the scale runs. Written once with native DuckDB into bench-data/, reused afterwards.
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export const SKUS = ['api_calls', 'storage_gb', 'compute_hours'];
const PRICE = ['0.002', '0.10', '0.50'];
const CUSTOMERS = 1000;
const MARCH = 1709251200; // 2024-03-01T00:00:00Z
const MONTH_S = 31 * 86400;

const sq = (s: string) => `'${s.replace(/'/g, "''")}'`;
const cust = (i: string) => `'c' || lpad(CAST((${i}) % ${CUSTOMERS} AS VARCHAR), 4, '0')`;
const sku = (i: string) => `(['${SKUS.join("','")}'])[(${i}) % ${SKUS.length} + 1]`;

/** A constant list of strings as SQL, indexed 1-based by `[i + 1]`. */
const list = (items: readonly string[]) => `[${items.map(sq).join(', ')}]`;
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const DAYS = (first: number) => list(Array.from({ length: 31 }, (_, d) => new Date(Date.UTC(2024, 2, first + d)).toISOString().replace('.000', '')));
const CUSTOMER_IDS = list(Array.from({ length: CUSTOMERS }, (_, i) => `c${pad(i, 4)}`));

/**
 * The FOCUS cost lines of `rows` rows as a SELECT (tags as JSON text, or a map for Parquet). Line
 * k's values are fixed functions of k (its cost is (k * 7919) mod 100003 ten-millionths), so any
 * size is the same file every time. Strings with few distinct values are picked from constant
 * lists rather than formatted per row: the writer, not the values, should be what a row costs.
 */
function focusSelect(rows: number, tags: 'json' | 'map'): string {
  const day = `(k // 7) % 31 + 1`;
  const customer = `${CUSTOMER_IDS}[k % ${CUSTOMERS} + 1]`;
  const tag =
    tags === 'json'
      ? `'{"customer":"' || ${customer} || '","sku":"' || ${sku('k // 1000')} || '"}'`
      : `MAP {'customer': ${customer}, 'sku': ${sku('k // 1000')}}`;
  const amount = (unit: string) => `CAST(x AS DECIMAL(18,0)) * CAST('${unit}' AS DECIMAL(18,${unit.length - 2}))`;
  return `SELECT ${amount('0.0000001')} AS BilledCost, ${amount('0.0000001')} AS EffectiveCost,
      ${amount('0.00000012')} AS ListCost, ${amount('0.0000001')} AS ContractedCost,
      'USD' AS BillingCurrency, ${DAYS(1)}[${day}] AS ChargePeriodStart, ${DAYS(2)}[${day}] AS ChargePeriodEnd,
      '2024-03-01T00:00:00Z' AS BillingPeriodStart, '2024-04-01T00:00:00Z' AS BillingPeriodEnd,
      'Usage' AS ChargeCategory, 'Amazon Elastic Compute Cloud' AS ServiceName, 'Compute' AS ServiceCategory, 'AWS' AS ProviderName,
      'Amazon Web Services, Inc.' AS PublisherName, 'INV-AWS-2024-03' AS InvoiceId, '111122223333' AS BillingAccountId,
      ${list(Array.from({ length: 17 }, (_, i) => `acct-${i}`))}[k % 17 + 1] AS SubAccountId, (['us-east-1','eu-west-1','ap-south-1'])[k % 3 + 1] AS RegionId,
      'i-' || lpad(CAST(k % 50000 AS VARCHAR), 8, '0') AS ResourceId, ${list(Array.from({ length: 40 }, (_, i) => `SKU${i}`))}[k % 40 + 1] AS SkuId,
      CAST(1 + k % 24 AS DECIMAL(18,2)) AS PricingQuantity, 'Hours' AS PricingUnit, 'Compute usage' AS ChargeDescription,
      CASE WHEN k % 20 = 0 THEN NULL ELSE ${tag} END AS Tags
    FROM (SELECT k, (k * 7919) % 100003 AS x FROM range(${rows}) t(k))`;
}

async function copy(c: DuckDBConnection, select: string, file: string, format: string): Promise<void> {
  await c.run(`COPY (${select}) TO ${sq(file + '.tmp')} (${format})`);
  renameSync(file + '.tmp', file);
}

export interface HeldoutFiles {
  usage: string;
  cost: string;
  ledger: string;
  prices: string;
  config: string;
}

/** The held-out-shaped month: `events` usage events, `costLines` FOCUS lines. */
export async function heldoutFiles(dir: string, events = 1_020_000, costLines = 930_000): Promise<HeldoutFiles> {
  const f: HeldoutFiles = {
    usage: path.join(dir, `lago_events-${events}.ndjson`),
    cost: path.join(dir, `focus-${costLines}.csv`),
    ledger: path.join(dir, `lago_invoice_fees-${events}.csv`),
    prices: path.join(dir, 'price_book.csv'),
    config: path.join(dir, 'config.json'),
  };
  if (Object.values(f).every(existsSync)) return f;
  mkdirSync(dir, { recursive: true });
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  await c.run(`CREATE TABLE u AS SELECT
      CASE WHEN i % 1000 = 999 THEN 'tx_' || (i - 1) ELSE 'tx_' || i END AS transaction_id,
      ${cust('i')} AS external_subscription_id, ${sku('i // 1000')} AS code,
      CAST(${MARCH} + (i * 7919) % ${MONTH_S} AS BIGINT) AS timestamp, 1 + (i * 31) % 50 AS q
    FROM range(${events}) t(i)`);
  await copy(c, `SELECT transaction_id, external_subscription_id, code, timestamp, {'value': q} AS properties FROM u`, f.usage, 'FORMAT json');
  await c.run(`CREATE TABLE agg AS SELECT external_subscription_id AS customer, code AS meter, sum(q) AS q FROM
      (SELECT *, row_number() OVER (PARTITION BY transaction_id ORDER BY timestamp) AS r FROM u) WHERE r = 1 GROUP BY ALL`);
  await copy(
    c,
    `SELECT 'inv_' || customer AS invoice_lago_id, upper(customer) || '-202403' AS invoice_number, '2024-04-01' AS invoice_issuing_date,
      'fee_' || row_number() OVER (ORDER BY customer, meter) AS fee_lago_id, 'charge' AS fee_item_type, meter AS fee_item_code, meter AS fee_item_name,
      '' AS fee_item_description, '' AS fee_item_invoice_display_name, '' AS fee_item_filter_invoice_display_name, '{}' AS fee_item_grouped_by,
      customer AS subscription_external_id, 'plan' AS subscription_plan_code, '2024-03-01T00:00:00Z' AS fee_from_date_utc,
      '2024-03-31T23:59:59Z' AS fee_to_date_utc, 'USD' AS fee_amount_currency, units AS fee_units, price AS fee_precise_unit_amount,
      0 AS fee_taxes_amount_cents, CAST(round(units * price * 100) AS BIGINT) AS fee_total_amount_cents
    FROM (SELECT customer, meter, CASE WHEN hash(customer || meter) % 50 = 7 THEN q * 99 // 100 ELSE q END AS units,
      (['${PRICE.join("','")}'])[list_position(['${SKUS.join("','")}'], meter)]::DECIMAL(18,4) AS price FROM agg) ORDER BY customer, meter`,
    f.ledger,
    'FORMAT csv, HEADER',
  );
  await copy(c, focusSelect(costLines, 'json'), f.cost, 'FORMAT csv, HEADER');
  await copy(
    c,
    `SELECT * FROM (VALUES ${SKUS.map((s, i) => `('${s}', 'USD', '${PRICE[i]}')`).join(', ')}) v(sku, currency, unit_price)`,
    f.prices,
    'FORMAT csv, HEADER',
  );
  writeFileSync(
    f.config,
    JSON.stringify({ cost_tags: { customer: ['customer'], sku: ['sku'] }, shared_cost: 'unallocated', period: 'month' }, null, 1),
  );
  c.closeSync();
  return f;
}

/** A FOCUS export of `rows` lines for the scale runs: Parquet (tags as a map) or gzip CSV (tags as JSON text). */
export async function focusExport(dir: string, rows: number, format: 'parquet' | 'csv.gz'): Promise<string> {
  const file = path.join(dir, `focus-${rows}.${format}`);
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  // BENCH_SCALE_THREADS: DuckDB threads writing it (default every core; more gives a `nice -n 19` run a bigger share of a busy machine).
  const threads = process.env.BENCH_SCALE_THREADS || String(availableParallelism());
  const db = await DuckDBInstance.create(':memory:', { temp_directory: path.join(dir, 'tmp'), memory_limit: '2GB', threads });
  const c = await db.connect();
  // DuckDB's default row groups (122,880 rows): 1M-row groups took about twice the CPU to write.
  if (format === 'parquet') await copy(c, focusSelect(rows, 'map'), file, 'FORMAT parquet');
  else await copy(c, focusSelect(rows, 'json'), file, 'FORMAT csv, HEADER, COMPRESSION gzip');
  c.closeSync();
  return file;
}
