/**
 * `npm run bench -- --warehouse` (not in the default bench: minutes): BENCH_EVENTS (default
 * 10,000,000) usage events generated in chDB beside the scenario's ledger, price book and cost
 * export; the same events written as a CloudEvents Parquet file. The file run loads them all into
 * native DuckDB; the warehouse run pushes the usage aggregates down to chDB and moves only those.
 * Prints both times, the rows moved, and whether the outputs are byte-identical.
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
import { generateScenario } from '../../test/scenario/generate';
import { copyToChdb, PUSHED_DOWN_OUTPUTS, scenarioSource } from '../../test/unit/warehouse/chdb-scenario';

const SAME = PUSHED_DOWN_OUTPUTS;
const CUSTOMERS = ['acme', 'globex', 'initech', 'umbrella', 'kumo', 'hooli'];
const SKUS = ['api_calls', 'storage_gb', 'compute_hours', 'gpu_minutes'];

export async function run(): Promise<string[]> {
  if (!(await loadChdb())) return ['warehouse bench skipped: chdb is not installed (npm install --no-save chdb@3.4.0)'];
  const n = Number(process.env.BENCH_EVENTS ?? 10_000_000);
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
    const genMs = performance.now() - t0;

    // File run: every event read into the local engine.
    const adapters = createAdapterRegistry(config);
    const t1 = performance.now();
    for (const name of ['cost_focus.csv', 'lago_invoice_fees.csv', 'price_book.csv', 'events.parquet'])
      await loadFile(fileEngine, { ...(await openLocalFile(path.join(dir, name), name, fileEngine)), adapters });
    const fileOut = Object.fromEntries(runOutputFiles(completeRun(await runAnalysis(fileEngine, { config }))));
    const fileMs = performance.now() - t1;

    // The warehouse: the same tables in chDB (events copied engine-side from the Parquet file, never through JS).
    // Source rows from the file's own row numbers (`_row_number`, 0-based): rowNumberInAllBlocks() counts blocks in the
    // order parallel readers finish them, which past one row group (1M rows) is not the file's order.
    await copyToChdb(fileEngine, ch, 'billing', ['usage_events']);
    const [off] = await fileEngine.query<{ f: string; r: number }>('SELECT min(source_file) AS f, min(source_row) AS r FROM usage_events');
    await ch.exec(`INSERT INTO billing.usage_events (event_id, source, customer_id, sku, ts, ingested_at, quantity, source_file, source_row, source_format)
      SELECT id, source, nullIf(subject, ''), type, parseDateTime64BestEffort(time, 6, 'UTC'), parseDateTime64BestEffort(ingesttime, 6, 'UTC'),
        toDecimal128(data_value, 18), ${`'${String(off.f).replace(/'/g, '')}'`}, toInt64(_row_number) + ${Number(off.r)}, 'cloudevents'
      FROM file(${`'${parquet}'`}, Parquet)`);
    const t2 = performance.now();
    const moved = await pushdownLoad(ch, whEngine, scenarioSource('billing'), config);
    const pushMs = performance.now() - t2;
    const whOut = Object.fromEntries(runOutputFiles(completeRun(await runAnalysis(whEngine, { config, usageStaged: true }))));
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
    return [
      `warehouse: ${n.toLocaleString('en')} events generated in chDB in ${(genMs / 1000).toFixed(1)} s`,
      `  file run (native DuckDB, every event loaded): ${(fileMs / 1000).toFixed(1)} s, ${n.toLocaleString('en')} event rows moved`,
      `  warehouse run (pushdown to chDB): ${(whMs / 1000).toFixed(1)} s (pushdown ${(pushMs / 1000).toFixed(1)} s), ${totalMoved.toLocaleString('en')} rows moved (${(moved.bytesMoved / 1e6).toFixed(2)} MB): ${JSON.stringify(moved.rowsMoved)}`,
      `  byte-identical outputs: ${same.length}/${SAME.length}${same.length < SAME.length ? ` (differ: ${SAME.filter((f) => !same.includes(f)).join(', ')})` : ''}`,
    ];
  } finally {
    await fileEngine.close();
    await whEngine.close();
    await ch.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
