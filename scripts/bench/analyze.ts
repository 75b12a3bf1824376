/**
 * Analyze benchmark: 1,000,000 usage events (usage CSV with a saved mapping) + 100,000 Lago
 * invoice_fees lines + 1,000,000 FOCUS 1.2 cost lines with customer/sku tags (generated
 * deterministically with native DuckDB into bench-data/analyze/, reused afterwards), through the
 * `finops analyze` pipeline: loadFile for each file, then prepare, reconcile, margin, provider
 * check and SLIs. The very same code and SQL run on the DuckDB-wasm engine (the product) and on
 * native DuckDB (node-native-engine.ts) behind the same Engine interface, in the same run.
 * Targets: the analysis (after loading) under 10 s; within 3x of native.
 *
 *   npx tsx scripts/bench/analyze.ts        (or through `npm run bench`)
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Engine } from '../../src/engine/engine';
import { createNodeEngine } from '../../src/engine/node-engine';
import { createNativeEngine } from '../../src/engine/node-native-engine';
import { createAdapterRegistry } from '../../src/ingest/registry';
import { loadLocalFile } from '../../src/ingest/node-files';
import { defaultBillingConfig, type BillingConfig } from '../../src/model/mappings';
import { completeRun, runAnalysis } from '../../src/run/analysis-run';

const EVENTS = 1_000_000;
const LINES = 100_000; // 2,000 customers × 5 SKUs × 10 months
const COST = 1_000_000;
const DIR = path.resolve(import.meta.dirname, '../../bench-data/analyze');
const FILES = {
  usage: path.join(DIR, `usage-${EVENTS}.csv`),
  ledger: path.join(DIR, `lago_invoice_fees-${LINES}.csv`),
  cost: path.join(DIR, `focus-tagged-${COST}.csv`),
  prices: path.join(DIR, 'price_book.csv'),
};
const SKUS = ['api_calls', 'storage_gb', 'compute_hours', 'gpu_minutes', 'egress_gb'];
const skuSql = (i: string) => `(['${SKUS.join("','")}'])[(${i}) % 5 + 1]`;
const PRICE = ['0.002', '0.10', '0.50', '0.90', '0.05'];

const config: BillingConfig = {
  ...defaultBillingConfig(),
  usageCsvMapping: { event_id: 'event_id', customer_id: 'customer', sku: 'meter', ts: 'time', quantity: 'quantity', ingested_at: 'ingested_at' },
};

async function generate(): Promise<void> {
  if (Object.values(FILES).every(existsSync)) return;
  mkdirSync(DIR, { recursive: true });
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  // Every (customer, sku, month) gets 10 events; 1 in 1000 repeats the previous id, 1 in 500 has no customer.
  await c.run(`CREATE TABLE u AS SELECT
      CASE WHEN i % 1000 = 999 THEN 'e' || (i - 1) ELSE 'e' || i END AS event_id,
      CASE WHEN i % 500 = 250 THEN NULL ELSE 'c' || lpad(CAST(i % 2000 AS VARCHAR), 4, '0') END AS customer,
      ${skuSql('i // 2000')} AS meter,
      TIMESTAMP '2024-01-01' + INTERVAL (CAST(i // 100000 AS INTEGER)) MONTH + INTERVAL (CAST(i % 27 AS INTEGER)) DAY + INTERVAL (CAST(i % 86000 AS INTEGER)) SECOND AS time,
      1 + (i * 7919) % 100 AS quantity
    FROM range(${EVENTS}) t(i)`);
  await c.run(`COPY (SELECT *, time + INTERVAL 5 SECOND AS ingested_at FROM u) TO '${FILES.usage}.tmp' (FORMAT csv, HEADER)`);
  // The ledger bills what was metered (after dedupe), except every 50th line which is 1% short.
  await c.run(`CREATE TABLE agg AS SELECT customer, meter, date_trunc('month', time) AS m, sum(quantity) AS q FROM
      (SELECT *, row_number() OVER (PARTITION BY event_id ORDER BY time) AS r FROM u) WHERE r = 1 AND customer IS NOT NULL GROUP BY ALL`);
  await c.run(`CREATE TABLE l AS SELECT j, 'c' || lpad(CAST(j % 2000 AS VARCHAR), 4, '0') AS customer, ${skuSql('j // 2000')} AS meter,
      TIMESTAMP '2024-01-01' + INTERVAL (CAST(j // 10000 AS INTEGER)) MONTH AS m,
      (['${PRICE.join("','")}'])[(j // 2000) % 5 + 1]::DECIMAL(18,4) AS price FROM range(${LINES}) t(j)`);
  await c.run(`COPY (SELECT 'inv_' || l.customer || strftime(l.m, '%Y%m') AS invoice_lago_id, upper(l.customer) || '-' || strftime(l.m, '%Y%m') AS invoice_number,
      strftime(l.m + INTERVAL 1 MONTH, '%Y-%m-%d') AS invoice_issuing_date, 'fee_' || l.j AS fee_lago_id, 'charge' AS fee_item_type, l.meter AS fee_item_code,
      l.meter AS fee_item_name, '' AS fee_item_description, '' AS fee_item_invoice_display_name, '' AS fee_item_filter_invoice_display_name, '{}' AS fee_item_grouped_by,
      l.customer AS subscription_external_id, 'plan' AS subscription_plan_code, strftime(l.m, '%Y-%m-%dT00:00:00Z') AS fee_from_date_utc,
      strftime(l.m + INTERVAL 1 MONTH - INTERVAL 1 SECOND, '%Y-%m-%dT%H:%M:%SZ') AS fee_to_date_utc, 'USD' AS fee_amount_currency,
      CASE WHEN l.j % 50 = 7 THEN coalesce(a.q, 0) * 99 // 100 ELSE coalesce(a.q, 0) END AS fee_units, l.price AS fee_precise_unit_amount, 0 AS fee_taxes_amount_cents,
      CAST(round(CASE WHEN l.j % 50 = 7 THEN coalesce(a.q, 0) * 99 // 100 ELSE coalesce(a.q, 0) END * l.price * 100) AS BIGINT) AS fee_total_amount_cents
    FROM l LEFT JOIN agg a ON a.customer = l.customer AND a.meter = l.meter AND a.m = l.m ORDER BY l.j) TO '${FILES.ledger}.tmp' (FORMAT csv, HEADER)`);
  await c.run(`COPY (SELECT CAST(((k * 7919) % 100003) AS DECIMAL(18,0)) * CAST('0.0000001' AS DECIMAL(18,7)) AS BilledCost,
      CAST(((k * 7919) % 100003) AS DECIMAL(18,0)) * CAST('0.0000001' AS DECIMAL(18,7)) AS EffectiveCost, 'USD' AS BillingCurrency,
      strftime(TIMESTAMP '2024-01-01' + INTERVAL (CAST((k // 10000) % 300 AS INTEGER)) DAY, '%Y-%m-%dT%H:%M:%SZ') AS ChargePeriodStart,
      strftime(TIMESTAMP '2024-01-02' + INTERVAL (CAST((k // 10000) % 300 AS INTEGER)) DAY, '%Y-%m-%dT%H:%M:%SZ') AS ChargePeriodEnd,
      strftime(date_trunc('month', TIMESTAMP '2024-01-01' + INTERVAL (CAST((k // 10000) % 300 AS INTEGER)) DAY), '%Y-%m-%dT%H:%M:%SZ') AS BillingPeriodStart,
      strftime(date_trunc('month', TIMESTAMP '2024-01-01' + INTERVAL (CAST((k // 10000) % 300 AS INTEGER)) DAY) + INTERVAL 1 MONTH, '%Y-%m-%dT%H:%M:%SZ') AS BillingPeriodEnd,
      'Usage' AS ChargeCategory, 'Amazon Elastic Compute Cloud' AS ServiceName, 'AWS' AS ProviderName, NULL AS ListCost, NULL AS ContractedCost,
      'INV-' || strftime(date_trunc('month', TIMESTAMP '2024-01-01' + INTERVAL (CAST((k // 10000) % 300 AS INTEGER)) DAY), '%Y%m') AS InvoiceId, '111122223333' AS BillingAccountId,
      CASE WHEN k % 20 = 0 THEN NULL ELSE '{"customer":"c' || lpad(CAST(k % 2000 AS VARCHAR), 4, '0') || '","sku":"' || ${skuSql('k // 2000')} || '"}' END AS Tags
    FROM range(${COST}) t(k)) TO '${FILES.cost}.tmp' (FORMAT csv, HEADER)`);
  await c.run(
    `COPY (SELECT * FROM (VALUES ${SKUS.map((s, i) => `('${s}', 'USD', '${PRICE[i]}')`).join(', ')}) v(sku, currency, unit_price)) TO '${FILES.prices}.tmp' (FORMAT csv, HEADER)`,
  );
  for (const f of Object.values(FILES)) renameSync(`${f}.tmp`, f);
}

/** Wall time per stage, plus process CPU time (user + system) of loading and of the analysis. */
async function pipeline(
  engine: Engine,
): Promise<{ stages: Record<string, number>; rows: Record<string, number>; summary: string; cpu: { load: number; analysis: number } }> {
  const adapters = createAdapterRegistry(config);
  const stages: Record<string, number> = {};
  const rows: Record<string, number> = {};
  const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;
  const c0 = process.cpuUsage();
  for (const [kind, file] of Object.entries(FILES) as [keyof typeof FILES, string][]) {
    const t0 = performance.now();
    const r = await loadLocalFile(engine, file, { kindHint: kind === 'prices' ? 'prices' : kind, adapters });
    stages[`load ${kind}`] = performance.now() - t0;
    rows[kind] = r.rows;
  }
  const c1 = process.cpuUsage();
  const a = completeRun(await runAnalysis(engine, { config }));
  const cpu = { load: cpuMs(process.cpuUsage(c0)) - cpuMs(process.cpuUsage(c1)), analysis: cpuMs(process.cpuUsage(c1)) };
  for (const [k, v] of Object.entries(a.timings)) stages[k] = v;
  const st: Record<string, number> = {};
  for (const r of a.reconciliation.rows) st[r.status] = (st[r.status] ?? 0) + 1;
  const summary = `${a.reconciliation.rows.length} reconciliation rows ${JSON.stringify(st)}, ${a.reconciliation.findings.length} event findings, ${a.margin.bySku.length} margin rows`;
  return { stages, rows, summary, cpu };
}

export async function run(): Promise<string[]> {
  const lines: string[] = [];
  let t0 = performance.now();
  await generate();
  lines.push(
    `analyze benchmark: ${EVENTS.toLocaleString('en')} usage events, ${LINES.toLocaleString('en')} invoice lines, ${COST.toLocaleString('en')} cost lines (data ready in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );
  const wasm = await createNodeEngine();
  let w;
  try {
    w = await pipeline(wasm);
  } finally {
    await wasm.close();
  }
  const nat = await createNativeEngine();
  let n;
  try {
    t0 = performance.now();
    n = await pipeline(nat);
  } finally {
    await nat.close();
  }
  lines.push(`  rows loaded: ${JSON.stringify(w.rows)}; wasm: ${w.summary}`);
  lines.push(`  native check: ${n.summary}`);
  lines.push('  stage                 wasm (s)  native (s)  ratio');
  const analysisStages = ['prepare', 'reconcile', 'margin', 'provider-check', 'slis'];
  let lw = 0;
  let ln = 0;
  let aw = 0;
  let an = 0;
  for (const k of Object.keys(w.stages)) {
    const ws = w.stages[k] / 1000;
    const ns = (n.stages[k] ?? 0) / 1000;
    if (analysisStages.includes(k)) {
      aw += ws;
      an += ns;
    } else {
      lw += ws;
      ln += ns;
    }
    lines.push(`  ${k.padEnd(20)} ${ws.toFixed(2).padStart(9)} ${ns.toFixed(2).padStart(11)} ${(ns ? ws / ns : 0).toFixed(2).padStart(6)}x`);
  }
  lines.push(`  ${'loading total'.padEnd(20)} ${lw.toFixed(2).padStart(9)} ${ln.toFixed(2).padStart(11)} ${(lw / ln).toFixed(2).padStart(6)}x`);
  lines.push(
    `  ${'analysis total'.padEnd(20)} ${aw.toFixed(2).padStart(9)} ${an.toFixed(2).padStart(11)} ${(aw / an).toFixed(2).padStart(6)}x   target: < 10 s, within 3x`,
  );
  lines.push(
    `  process CPU time (s): wasm load ${(w.cpu.load / 1000).toFixed(2)}, analysis ${(w.cpu.analysis / 1000).toFixed(2)}; ` +
      `native load ${(n.cpu.load / 1000).toFixed(2)}, analysis ${(n.cpu.analysis / 1000).toFixed(2)} (native is multi-threaded)`,
  );
  lines.push(
    `  ${'whole pipeline'.padEnd(20)} ${(lw + aw).toFixed(2).padStart(9)} ${(ln + an).toFixed(2).padStart(11)} ${((lw + aw) / (ln + an)).toFixed(2).padStart(6)}x`,
  );
  return lines;
}

if (process.argv[1] && /bench[\\/]analyze\.ts$/.test(process.argv[1])) {
  run().then(
    (lines) => lines.forEach((l) => console.log(l)),
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
