// The minimal native DuckDB reference for the held-out bench (heldout.ts): read the three files
// with DuckDB's own readers (declared types), reconcile metered against billed units per customer,
// SKU and month, and compute the margin per customer and SKU. Prints one JSON line of figures.
//   node scripts/bench/heldout-reference.mjs USAGE.ndjson COST.csv LEDGER.csv
import { DuckDBInstance } from '@duckdb/node-api';

const [usage, cost, ledger] = process.argv.slice(2);
const q = (s) => `'${s.replace(/'/g, "''")}'`;
const t0 = performance.now();
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
await c.run(`CREATE TABLE u AS SELECT transaction_id, external_subscription_id AS customer, code AS sku, to_timestamp(timestamp) AS ts,
  CAST(properties.value AS DECIMAL(38,18)) AS quantity FROM read_json(${q(usage)}, format = 'newline_delimited',
  columns = {transaction_id: 'VARCHAR', external_subscription_id: 'VARCHAR', code: 'VARCHAR', timestamp: 'BIGINT', properties: 'STRUCT(value VARCHAR)'})`);
await c.run(`CREATE TABLE l AS SELECT subscription_external_id AS customer, fee_item_code AS sku, CAST(fee_from_date_utc AS TIMESTAMP) AS period,
  fee_units, CAST(fee_total_amount_cents AS DECIMAL(38,18)) / 100 AS amount FROM read_csv(${q(ledger)}, header = true,
  types = {fee_units: 'DECIMAL(38,18)', fee_total_amount_cents: 'BIGINT', fee_from_date_utc: 'VARCHAR'})`);
await c.run(`CREATE TABLE cl AS SELECT BilledCost, EffectiveCost, BillingCurrency, ChargePeriodStart, Tags FROM read_csv(${q(cost)}, header = true,
  types = {BilledCost: 'DECIMAL(38,18)', EffectiveCost: 'DECIMAL(38,18)', ChargePeriodStart: 'TIMESTAMP', Tags: 'VARCHAR'})`);
const loaded = performance.now();
const rec = await c.runAndReadAll(`WITH m AS (SELECT customer, sku, date_trunc('month', ts) AS period, sum(quantity) AS metered
    FROM (SELECT *, row_number() OVER (PARTITION BY transaction_id ORDER BY ts) AS r FROM u) WHERE r = 1 GROUP BY ALL)
  SELECT count(*) AS n, count(*) FILTER (WHERE coalesce(metered, 0) <> coalesce(fee_units, 0)) AS mismatched
  FROM m FULL JOIN l USING (customer, sku, period)`);
const margin =
  await c.runAndReadAll(`WITH cost AS (SELECT json_extract_string(Tags, '$.customer') AS customer, json_extract_string(Tags, '$.sku') AS sku,
    sum(EffectiveCost) AS cost FROM cl GROUP BY ALL), rev AS (SELECT customer, sku, sum(amount) AS revenue FROM l GROUP BY ALL)
  SELECT count(*) AS n, sum(revenue) - sum(cost) AS margin FROM rev FULL JOIN cost USING (customer, sku)`);
const [r] = rec.getRowObjectsJson();
const [m] = margin.getRowObjectsJson();
const ru = process.resourceUsage();
console.log(
  JSON.stringify({
    wall: (performance.now() - t0) / 1000,
    load: (loaded - t0) / 1000,
    reconciliation: r,
    margin: m,
    maxRssMB: Math.round(ru.maxRSS / 1024),
    cpu: (ru.userCPUTime + ru.systemCPUTime) / 1e6,
  }),
);
