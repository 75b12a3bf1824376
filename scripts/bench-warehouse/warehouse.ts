/**
 * `npm run bench -- --warehouse` (not in the default bench: minutes): BENCH_EVENTS (default
 * 10,000,000) usage events and BENCH_COST_LINES (default a twentieth of that) hourly FOCUS cost
 * lines generated in chDB beside the scenario's ledger, price book and cost export; the same events
 * written as a CloudEvents Parquet file, the same cost lines as a FOCUS CSV export. The file run
 * loads them all into native DuckDB; the warehouse run pushes the usage and cost aggregates down to
 * chDB and moves only those. Prints both times, the rows moved per side, and whether the outputs are
 * byte-identical.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createNativeEngine } from '../../src/engine/node-native-engine';
import { loadFile } from '../../src/ingest/pipeline';
import { openLocalFile } from '../../src/ingest/node-files';
import { createAdapterRegistry } from '../../src/ingest/registry';
import { parseBillingConfig } from '../../src/model/mappings';
import { completeRun, runAnalysis } from '../../src/run/analysis-run';
import { runOutputFiles } from '../../src/run/csv-outputs';
import { loadChdb, openChdb } from '../../src/warehouse/node-chdb-client';
import { pushdownLoad } from '../../src/warehouse/pushdown';
import { FOCUS_HEADER, generateScenario } from '../../test/scenario/generate';
import { copyToChdb, PUSHED_DOWN_OUTPUTS, scenarioSource } from '../../test/unit/warehouse/chdb-scenario';

const SAME = PUSHED_DOWN_OUTPUTS;
const CUSTOMERS = ['acme', 'globex', 'initech', 'umbrella', 'kumo', 'hooli'];
const SKUS = ['api_calls', 'storage_gb', 'compute_hours', 'gpu_minutes'];
const SERVICES = ['Amazon API Gateway', 'Amazon Simple Storage Service', 'Amazon Elastic Compute Cloud', 'Amazon SageMaker'];
const COST_FILE = 'bench_cost_focus.csv';
const MONEY_COLUMNS = ['BilledCost', 'EffectiveCost', 'ListCost', 'ContractedCost'];
const TIME_COLUMNS = ['BillingPeriodStart', 'BillingPeriodEnd', 'ChargePeriodStart', 'ChargePeriodEnd'];

export async function run(): Promise<string[]> {
  if (!(await loadChdb())) return ['warehouse bench skipped: chdb is not installed (npm install --no-save chdb@3.4.0)'];
  const n = Number(process.env.BENCH_EVENTS ?? 10_000_000);
  const nCost = Number(process.env.BENCH_COST_LINES ?? Math.floor(n / 20));
  const dir = mkdtempSync(path.join(tmpdir(), 'finops-bench-warehouse-'));
  const s = generateScenario({ seed: 11, faults: true });
  for (const f of s.files) writeFileSync(path.join(dir, f.name), f.text);
  const config = parseBillingConfig(s.files.find((f) => f.name === 'config.json')!.text, 'config.json');
  const parquet = path.join(dir, 'events.parquet');
  const ch = await openChdb(path.join(dir, 'chdata'));
  const fileEngine = await createNativeEngine({ threads: 2 });
  const whEngine = await createNativeEngine({ threads: 2 });
  try {
    // Events over March 2024, one in 1000 ids repeated (exact duplicates), some late, some without a customer.
    const t0 = performance.now();
    await ch.exec(`INSERT INTO FUNCTION file(${`'${parquet}'`}, Parquet)
      SELECT concat('e', toString(if(number % 1000 = 999, number - 1, number))) AS id, 'bench.gateway' AS source,
        arrayElement(['${SKUS.join("','")}'], number % ${SKUS.length} + 1) AS type,
        if(number % 5000 = 17, '', arrayElement(['${CUSTOMERS.join("','")}'], intDiv(number, 7) % ${CUSTOMERS.length} + 1)) AS subject,
        formatDateTime(toDateTime64('2024-03-01 00:00:00', 3, 'UTC') + toIntervalMillisecond(intDiv(number * ${Math.floor(2_678_400_000 / n)}, 1)), '%Y-%m-%dT%H:%i:%S.%fZ', 'UTC') AS time,
        formatDateTime(toDateTime64('2024-03-01 00:00:00', 3, 'UTC') + toIntervalMillisecond(intDiv(number * ${Math.floor(2_678_400_000 / n)}, 1)) + toIntervalDay(if(number % 20000 = 3, 40, 0)), '%Y-%m-%dT%H:%i:%S.%fZ', 'UTC') AS ingesttime,
        toString(toDecimal128(1 + number % 97, 18) / 4) AS data_value
      FROM numbers(${n})`);
    // Hourly cost lines over March 2024 on 1,000 resources: tagged by customer and SKU, every tenth untagged (shared cost),
    // every seventh tagged through the second configured keys; some EffectiveCost below BilledCost (a discount).
    const costFile = path.join(dir, COST_FILE);
    const sq = (list: string[]) => `['${list.join("','")}']`;
    await ch.exec(`INSERT INTO FUNCTION file('${costFile}', CSVWithNames)
      SELECT '111122223333' AS BillingAccountId, 'Northwind Payer' AS BillingAccountName, 'USD' AS BillingCurrency,
        '2024-03-01T00:00:00Z' AS BillingPeriodStart, '2024-04-01T00:00:00Z' AS BillingPeriodEnd,
        formatDateTime(toDateTime('2024-03-01 00:00:00', 'UTC') + toIntervalHour(number % 744), '%Y-%m-%dT%H:%i:%SZ', 'UTC') AS ChargePeriodStart,
        formatDateTime(toDateTime('2024-03-01 00:00:00', 'UTC') + toIntervalHour(number % 744 + 1), '%Y-%m-%dT%H:%i:%SZ', 'UTC') AS ChargePeriodEnd,
        'Usage' AS ChargeCategory, '' AS ChargeClass, 'bench usage' AS ChargeDescription,
        toString(toDecimal128(1 + number % 89, 18) / 1000) AS BilledCost,
        toString(toDecimal128(1 + number % 89, 18) * if(number % 3 = 0, 72, 100) / 100000) AS EffectiveCost,
        toString(toDecimal128(1 + number % 89, 18) / 1000) AS ListCost, toString(toDecimal128(1 + number % 89, 18) / 1000) AS ContractedCost,
        'INV-BENCH-2024-03' AS InvoiceId, 'Amazon Web Services, Inc.' AS InvoiceIssuerName, 'AWS' AS ProviderName, 'AWS' AS PublisherName, 'Compute' AS ServiceCategory,
        arrayElement(${sq(SERVICES)}, number % ${SERVICES.length} + 1) AS ServiceName, arrayElement(['eu-west-1', 'us-east-1'], intDiv(number, 11) % 2 + 1) AS RegionId,
        concat('arn:aws:bench:', toString(number % 1000)) AS ResourceId, '444455556666' AS SubAccountId,
        multiIf(number % 10 = 9, '',
          number % 7 = 3, concat('{"tenant": "', arrayElement(${sq(CUSTOMERS)}, intDiv(number, 7) % ${CUSTOMERS.length} + 1), '", "product": "', arrayElement(${sq(SKUS)}, number % ${SKUS.length} + 1), '"}'),
          concat('{"customer":"', arrayElement(${sq(CUSTOMERS)}, intDiv(number, 7) % ${CUSTOMERS.length} + 1), '","sku":"', arrayElement(${sq(SKUS)}, number % ${SKUS.length} + 1), '","team":"t', toString(number % 5), '"}')) AS Tags
      FROM numbers(${nCost})`);
    const genMs = performance.now() - t0;

    // File run: every event read into the local engine.
    const adapters = createAdapterRegistry(config);
    const t1 = performance.now();
    for (const name of ['cost_focus.csv', COST_FILE, 'lago_invoice_fees.csv', 'price_book.csv', 'events.parquet'])
      await loadFile(fileEngine, { ...(await openLocalFile(path.join(dir, name), name, fileEngine)), adapters });
    const fileOut = Object.fromEntries(runOutputFiles(completeRun(await runAnalysis(fileEngine, { config }))));
    const fileMs = performance.now() - t1;

    // The warehouse: the same tables in chDB (events copied engine-side from the Parquet file, never through JS).
    // Source rows from the file's own row numbers (`_row_number`, 0-based): rowNumberInAllBlocks() counts blocks in the
    // order parallel readers finish them, which past one row group (1M rows) is not the file's order.
    // The scenario's own cost lines as rows (a few hundred); the generated export engine-side from its CSV, typed as ingest types it.
    await copyToChdb(fileEngine, ch, 'billing', ['usage_events', 'cost_tags'], { cost_lines: `source_file = 'cost_focus.csv'` });
    const [costOff] = await fileEngine.query<{ r: number }>(`SELECT min(source_row) AS r FROM cost_lines WHERE source_file = '${COST_FILE}'`);
    const typed = (c: string) =>
      MONEY_COLUMNS.includes(c)
        ? `toDecimal128OrNull(${c}, 18)`
        : TIME_COLUMNS.includes(c)
          ? `parseDateTime64BestEffortOrNull(${c}, 6, 'UTC')`
          : `nullIf(${c}, '')`;
    await ch.exec(`INSERT INTO billing.cost_lines (${FOCUS_HEADER.join(', ')}, source_file, source_row, source_format)
      SELECT ${FOCUS_HEADER.map(typed).join(', ')}, '${COST_FILE}', toInt64(_row_number) + ${Number(costOff.r)}, 'focus'
      FROM file('${costFile}', CSVWithNames, '${FOCUS_HEADER.map((c) => `${c} String`).join(', ')}')`);
    const [off] = await fileEngine.query<{ f: string; r: number }>('SELECT min(source_file) AS f, min(source_row) AS r FROM usage_events');
    await ch.exec(`INSERT INTO billing.usage_events (event_id, source, customer_id, sku, ts, ingested_at, quantity, source_file, source_row, source_format)
      SELECT id, source, nullIf(subject, ''), type, parseDateTime64BestEffort(time, 6, 'UTC'), parseDateTime64BestEffort(ingesttime, 6, 'UTC'),
        toDecimal128(data_value, 18), ${`'${String(off.f).replace(/'/g, '')}'`}, toInt64(_row_number) + ${Number(off.r)}, 'cloudevents'
      FROM file(${`'${parquet}'`}, Parquet)`);
    const t2 = performance.now();
    const moved = await pushdownLoad(ch, whEngine, scenarioSource('billing'), config);
    const pushMs = performance.now() - t2;
    const whOut = Object.fromEntries(
      runOutputFiles(completeRun(await runAnalysis(whEngine, { config, usageStaged: true, costStaged: moved.costStaged }))),
    );
    const whMs = performance.now() - t2;
    const same = SAME.filter((f) => fileOut[f] === whOut[f]);
    // BENCH_OUT=folder keeps both runs' outputs there (file/ and warehouse/) to diff a mismatch.
    const keep = process.env.BENCH_OUT;
    if (keep)
      for (const side of ['file', 'warehouse'] as const) {
        mkdirSync(path.join(keep, side), { recursive: true });
        for (const f of SAME) writeFileSync(path.join(keep, side, f), (side === 'file' ? fileOut : whOut)[f] ?? '');
      }
    const totalMoved = Object.values(moved.rowsMoved).reduce((a, b) => a + b, 0);
    const [{ lines }] = await fileEngine.query<{ lines: number }>('SELECT count(*) AS lines FROM cost_lines');
    const costMoved = Object.entries(moved.rowsMoved).filter(([t]) => t.startsWith('__cs_'));
    const costRows = costMoved.reduce((a, [, v]) => a + v, 0);
    return [
      `warehouse: ${n.toLocaleString('en')} events generated in chDB in ${(genMs / 1000).toFixed(1)} s`,
      `  file run (native DuckDB, every event loaded): ${(fileMs / 1000).toFixed(1)} s, ${n.toLocaleString('en')} event rows moved`,
      `  warehouse run (pushdown to chDB): ${(whMs / 1000).toFixed(1)} s (pushdown ${(pushMs / 1000).toFixed(1)} s), ${totalMoved.toLocaleString('en')} rows moved (${(moved.bytesMoved / 1e6).toFixed(2)} MB): ${JSON.stringify(moved.rowsMoved)}`,
      `  cost side: ${Number(lines).toLocaleString('en')} cost lines (file run loads them all); warehouse moved ${costRows.toLocaleString('en')} aggregate rows: ${JSON.stringify(Object.fromEntries(costMoved))}`,
      `  byte-identical outputs: ${same.length}/${SAME.length}${same.length < SAME.length ? ` (differ: ${SAME.filter((f) => !same.includes(f)).join(', ')})` : ''}`,
    ];
  } finally {
    await fileEngine.close();
    await whEngine.close();
    await ch.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
