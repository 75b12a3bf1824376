/**
 * The warehouse run on ClickHouse's own engine (chDB in-process): a generated month with every
 * planted fault loaded into ClickHouse tables, the usage aggregates pushed down there and the run
 * finished locally, gives the same reconciliation, event findings, margin and proposals, byte for
 * byte, as the run on the files. Skipped, saying so, where chdb is not installed (.ci/run installs it).
 */
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine';
import { createNativeEngine } from '../../../src/engine/node-native-engine';
import { parseBillingConfig } from '../../../src/model/mappings';
import { completeRun, runAnalysis } from '../../../src/run/analysis-run';
import { runOutputFiles } from '../../../src/run/csv-outputs';
import { loadChdb, openChdb, type ChdbWarehouse } from '../../../src/warehouse/node-chdb-client';
import { pushdownLoad, type PushdownResult } from '../../../src/warehouse/pushdown';
import { ARROW_SETTINGS } from '../../../src/warehouse/clickhouse-sql';
import { costParams, lineTagsSql, tagStorageOf, tagStorageSql } from '../../../src/warehouse/cost-sql';
import { EVENT_GROUP_CODES } from '../../../src/analysis/reconcile/usage-staging';
import type { BillingConfig } from '../../../src/model/mappings';
import type { EventFinding, EventScope, ReconciliationRow } from '../../../src/model/findings';
import { DRILL_TABLE, findingEvidence, landEventScope } from '../../../src/warehouse/evidence';
import { sourceRows } from '../../../src/queries/data/source-rows';
import { cond } from '../../../src/queries/condition';
import { reconciliationUsageEvents } from '../../../src/queries/reconciliation/rows-behind';
import { marginUsageEvents } from '../../../src/queries/margin/rows-behind';
import { eventsNamed } from '../../../src/queries/proposals/evidence';
import { writeScenario } from '../../../scripts/gen-scenario';
import { analyzeFiles } from '../../run/analyze-files';
import { inputFiles } from '../../run/cli-outputs';
import { copyToChdb, PUSHED_DOWN_OUTPUTS, scenarioSource } from './chdb-scenario';

/** Adds what the scenario does not plant: a suspected duplicate (same customer, SKU and quantity 0.6 s apart under a new id) and usage on a day no invoice covers. */
function plantEventFaults(dir: string): void {
  const ev = (id: string, subject: string, time: string, value: string) =>
    JSON.stringify({
      specversion: '1.0',
      id,
      source: 'gateway.northwind.example',
      type: 'gpu_minutes',
      subject,
      time,
      ingesttime: time,
      datacontenttype: 'application/json',
      data: { value },
    });
  const lines = [
    ev('evt_suspect_a', 'acme', '2024-03-20T10:00:00.000Z', '777'),
    ev('evt_suspect_b', 'acme', '2024-03-20T10:00:00.600Z', '777'),
    ev('evt_outside_1', 'globex', '2024-04-12T08:00:00.000Z', '5'),
  ];
  appendFileSync(path.join(dir, 'usage_cloudevents.ndjson'), lines.join('\n') + '\n');
}

/**
 * Adds cost lines the scenario does not have, each a tag rule the warehouse must read as the local
 * ingest does: escapes and spaces (the exact way, not the fast split), a later configured key when
 * the first is missing, empty or null, a bare number, an escaped key, no EffectiveCost (margin takes
 * BilledCost), untagged cost in another currency, no invoice id, and a region new on the sub-account.
 */
function plantCostFaults(dir: string): void {
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const line = (
    day: string,
    tags: string,
    o: { billed?: string; effective?: string; currency?: string; invoice?: string; cls?: string; region?: string } = {},
  ) =>
    [
      '111122223333',
      'Northwind Payer',
      o.currency ?? 'USD',
      '2024-03-01T00:00:00Z',
      '2024-04-01T00:00:00Z',
      `${day}T00:00:00Z`,
      `${day}T01:00:00Z`,
      'Usage',
      o.cls ?? '',
      q('planted'),
      o.billed ?? '1.2345678901',
      o.effective ?? o.billed ?? '1.2345678901',
      '1.5',
      '1.5',
      o.invoice ?? 'INV-AWS-2024-03',
      q('Amazon Web Services, Inc.'),
      'AWS',
      'AWS',
      'Compute',
      q('Amazon Simple Storage Service'),
      o.region ?? 'eu-west-1',
      'arn:aws:planted',
      '444455556666',
      tags ? q(tags) : '',
    ].join(',');
  const lines = [
    line('2024-03-05', '{"customer": "globex", "sku": "storage_gb", "team": "data \\"lake\\" \\/ ops"}'),
    line('2024-03-06', '{"tenant":"initech","product":"api_calls","team":"core"}'),
    line('2024-03-07', '{"customer":"","customer_id":"acme","sku":"gpu_minutes","team":"core"}'),
    line('2024-03-08', '{"customer":null,"tenant":"acme","sku":"storage_gb","cost_center":42}'),
    line('2024-03-09', '{"sku\\/legacy":"old","customer":"globex","sku":"api_calls"}', { effective: '', billed: '3.3000000001' }),
    line('2024-03-10', '', { currency: 'EUR', billed: '7.77', invoice: '' }),
    line('2024-03-11', '{}', { cls: 'Correction', billed: '-0.5', invoice: '' }),
    line('2024-03-30', '{"customer":"acme","sku":"storage_gb"}', { billed: '25', region: 'us-east-1' }),
    line('2024-03-12', '{"customer":"globex","sku":"legacy_storage"}', { billed: '2.5' }),
  ];
  appendFileSync(path.join(dir, 'cost_focus.csv'), lines.join('\n') + '\n');
}

const chdb = await loadChdb();
if (!chdb) console.log('warehouse pushdown tests skipped: chdb is not installed (npm install --no-save chdb@3.4.0)');

const SAME = PUSHED_DOWN_OUTPUTS;

describe.skipIf(!chdb)('warehouse pushdown on chDB', () => {
  const engines: Engine[] = [];
  let ch: ChdbWarehouse;
  let files: Record<string, string>;
  let warehouse: Record<string, string>;
  let moved: PushdownResult;
  let events = 0;
  let costLines = 0;
  let config: BillingConfig;
  let findings: EventFinding[];
  let recon: ReconciliationRow[];
  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'finops-warehouse-'));
    writeScenario(dir, { seed: 11 });
    plantEventFaults(dir);
    plantCostFaults(dir);
    const inputs = inputFiles(dir);
    config = parseBillingConfig(inputs.find((f) => f.name === 'config.json')!.text, 'config.json');
    const fileEngine = await createNativeEngine({ memoryLimit: '1GB', threads: 2 });
    const localEngine = await createNativeEngine({ memoryLimit: '1GB', threads: 2 });
    engines.push(fileEngine, localEngine);
    files = await analyzeFiles(fileEngine, inputs, 'config.json');
    events = Number((await fileEngine.query<{ n: number }>('SELECT count(*) AS n FROM usage_events'))[0].n);
    costLines = Number((await fileEngine.query<{ n: number }>('SELECT count(*) AS n FROM cost_lines'))[0].n);
    ch = await openChdb();
    await copyToChdb(fileEngine, ch, 'billing');
    moved = await pushdownLoad(ch, localEngine, scenarioSource('billing'), config);
    const run = completeRun(await runAnalysis(localEngine, { config, usageStaged: true, costStaged: moved.costStaged }));
    warehouse = Object.fromEntries(runOutputFiles(run));
    findings = run.reconciliation.findings;
    recon = run.reconciliation.rows;
  }, 240_000);
  afterAll(async () => {
    await Promise.all(engines.map((e) => e.close()));
    await ch?.close();
  });

  it.each(SAME)('%s is byte-identical to the file run', (name) => {
    expect(files[name]).toBeDefined();
    expect(warehouse[name]).toBe(files[name]);
  });

  it('plants every kind of event finding, so each pushdown query is exercised', () => {
    expect(new Set(findings.map((f) => f.code))).toEqual(new Set(EVENT_GROUP_CODES));
  });

  /** The file run's events behind a finding, from its own staging (still in the file engine after its run). */
  const FILE_EVENTS: Record<string, string> = {
    duplicate_event: 'SELECT * FROM __rc_ev e WHERE e.dup_rank > 1',
    suspected_duplicate: 'SELECT e.* FROM __rc_ev e SEMI JOIN __rc_suspect s ON s.uid = e.uid',
    late_event: `SELECT e.* FROM __rc_ev e JOIN __rc_issued i ON i.cust = e.cust AND i.sku = e.sku AND i.pstart = e.pstart
      WHERE e.dup_rank = 1 AND e.ingested_at IS NOT NULL AND e.ingested_at > i.issued`,
    outside_subscription: `SELECT e.* FROM __rc_ev e SEMI JOIN __rc_outside o ON o.cust = e.cust AND o.day IS NOT DISTINCT FROM CAST(e.ts AS DATE) WHERE e.dup_rank = 1`,
  };

  it('a drill-down from each event finding returns the same source rows from the warehouse as from the files', async () => {
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      const fromWarehouse = await findingEvidence(ch, engines[1], scenarioSource('billing'), config, f);
      const fromFiles = await engines[0].query<{ source_file: string; source_row: number; event_id: string; quantity: string }>(
        `SELECT source_file, source_row, event_id, CAST(quantity AS VARCHAR) AS quantity FROM (${FILE_EVENTS[f.code]}) x
         WHERE cust = ? AND sku = ? AND strftime(pstart, '%Y-%m') = ? ORDER BY source_file, source_row`,
        [f.customer_id, f.sku, f.period],
      );
      const key = (r: { source_file: string | null; source_row: number; event_id: string | null; quantity: string }) =>
        `${r.source_file}:${Number(r.source_row)}:${r.event_id}:${r.quantity}`;
      expect(fromWarehouse.map(key), `${f.code} ${f.customer_id} ${f.sku}`).toEqual(fromFiles.map(key));
      expect(fromWarehouse.slice(0, 50).map((r) => ({ file: r.source_file, row: r.source_row }))).toEqual(f.source_rows);
    }
    // Bounded: a limit of 1 returns one row.
    expect(await findingEvidence(ch, engines[1], scenarioSource('billing'), config, findings[0], 1)).toHaveLength(1);
  });

  it("the app's drills (a reconciliation row, a margin cell, a finding's event ids) get the file drill's rows from the warehouse", async () => {
    const key = (r: Record<string, unknown>) => JSON.stringify(Object.values(r).map((v) => (v === null ? null : String(v))));
    const fromFiles = async (q: { sql: string; params: readonly unknown[] }) =>
      (await engines[0].query(`SELECT * FROM (${q.sql}) x ORDER BY source_file, source_row`, q.params as never)).map(key);
    const fromWarehouse = async (drill: string, scope: EventScope) => {
      await landEventScope(ch, engines[1], scenarioSource('billing'), drill, scope);
      return (
        await engines[1].query(
          `SELECT * FROM (${sourceRows('usage_events', cond('drill = ?', drill), 'drill', { from: DRILL_TABLE }).sql}) x ORDER BY source_file, source_row`,
          [drill],
        )
      ).map(key);
    };
    const drills = [
      ...recon
        .filter((r) => r.metered_quantity !== '0')
        .map((r) => reconciliationUsageEvents({ customer: r.customer_id, sku: r.sku, period: r.period, currency: r.currency, granularity: 'month' })),
      marginUsageEvents({ customer: findings[0].customer_id, sku: findings[0].sku, currency: null }),
      ...findings.map((f) => eventsNamed(f.event_ids)),
    ];
    expect(drills.length).toBeGreaterThan(findings.length + 2);
    for (const [i, q] of drills.entries()) {
      const files = await fromFiles(q);
      expect(files.length, q.name).toBeGreaterThan(0);
      expect(await fromWarehouse(`t${i}`, q.warehouse!), `${q.name} ${JSON.stringify(q.warehouse).slice(0, 200)}`).toEqual(files);
    }
  });

  it('moves aggregates, not events', () => {
    expect(moved.rowsMoved.usage_events).toBeUndefined();
    const aggregated = moved.rowsMoved.__rc_metered + moved.rowsMoved.__rc_ev_groups + moved.rowsMoved.__wh_group_rows;
    expect(aggregated).toBeLessThan(events / 2);
  });

  it('moves cost aggregates, not cost lines or tags, and reports them', () => {
    expect(moved.costStaged).toBe(true);
    expect(moved.rowsMoved.cost_lines).toBeUndefined();
    expect(moved.rowsMoved.cost_tags).toBeUndefined();
    // Cost per tag value × day: one row per customer × SKU × day at most, fewer than the lines.
    expect(moved.rowsMoved.__cs_alloc).toBeGreaterThan(0);
    expect(moved.rowsMoved.__cs_alloc).toBeLessThan(costLines);
    expect(moved.rowsMoved.__cs_provider).toBeLessThan(20);
    expect(moved.rowsMoved.__cs_tag_keys).toBeGreaterThan(2);
    expect(moved.rowsMoved.__cs_daily).toBeGreaterThan(0);
  });

  it('the first-seen region on provider cost is the same from the staged sums as from the lines', () => {
    const rows = (csv: string) => csv.split('\n').filter((l) => l.includes('provider cost'));
    expect(rows(files['fraud.csv'])).toHaveLength(1);
    expect(rows(warehouse['fraud.csv'])).toEqual(rows(files['fraud.csv']));
  });
});

describe.skipIf(!chdb)('warehouse pushdown on chDB: simultaneous events', () => {
  it('two events at the same instant in two files give the warehouse the same suspect as the file run', async () => {
    const ev = (id: string) =>
      JSON.stringify({ specversion: '1.0', id, source: 'gw', type: 'api', subject: 'c1', time: '2024-03-05T10:00:00Z', data: { value: 5 } });
    const fees =
      'invoice_number,fee_lago_id,fee_item_type,fee_item_code,subscription_external_id,fee_from_date_utc,fee_to_date_utc,invoice_issuing_date,fee_amount_currency,fee_units,fee_precise_unit_amount,fee_amount_cents\n' +
      'I1,f1,charge,API Calls,c1,2024-03-01T00:00:00Z,2024-03-31T23:59:59Z,2024-04-01,USD,10,1.00,1000\n';
    // Loaded z before a: the file engine's insertion order and the warehouse's file-name order disagree.
    const inputs = [
      { name: 'config.json', text: '{}' },
      { name: 'z.ndjson', text: ev('evt_a') },
      { name: 'a.ndjson', text: ev('evt_b') },
      { name: 'fees.csv', text: fees },
      { name: 'prices.csv', text: 'sku,currency,unit_price\napi,USD,1.00\n' },
    ];
    const fileEngine = await createNativeEngine({ memoryLimit: '1GB', threads: 2 });
    const localEngine = await createNativeEngine({ memoryLimit: '1GB', threads: 2 });
    const ch = await openChdb();
    try {
      const files = await analyzeFiles(fileEngine, inputs, 'config.json');
      await copyToChdb(fileEngine, ch, 'ties');
      const config = parseBillingConfig('{}', 'config.json');
      await pushdownLoad(ch, localEngine, scenarioSource('ties'), config);
      const warehouse = Object.fromEntries(runOutputFiles(completeRun(await runAnalysis(localEngine, { config, usageStaged: true }))));
      expect(files['event_findings.csv']).toMatch(/suspected_duplicate/);
      expect(warehouse['event_findings.csv']).toBe(files['event_findings.csv']);
      expect(warehouse['proposals.json']).toBe(files['proposals.json']);
    } finally {
      await Promise.all([fileEngine.close(), localEngine.close(), ch.close()]);
    }
  }, 120_000);
});

describe.skipIf(!chdb)('warehouse pushdown on chDB: cost lines', () => {
  const engines: Engine[] = [];
  let ch: ChdbWarehouse;
  let inputs: ReturnType<typeof inputFiles>;
  let fileEngine: Engine;
  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'finops-warehouse-cost-'));
    writeScenario(dir, { seed: 11 });
    plantCostFaults(dir);
    inputs = inputFiles(dir);
    fileEngine = await createNativeEngine({ memoryLimit: '1GB', threads: 2 });
    engines.push(fileEngine);
    await analyzeFiles(fileEngine, inputs, 'config.json');
    ch = await openChdb();
    await copyToChdb(fileEngine, ch, 'costs');
  }, 240_000);
  afterAll(async () => {
    await Promise.all(engines.map((e) => e.close()));
    await ch?.close();
  });

  const tagRows = async (e: Engine, sql: string) =>
    (
      await e.query<{ line_id: number; key: string; value: string | null }>(`SELECT line_id, key, value FROM (${sql}) ORDER BY line_id, key, value`)
    ).map((r) => `${Number(r.line_id)}|${r.key}|${r.value}`);
  const chTags = async (sql: string) => {
    const scratch = await createNativeEngine({ memoryLimit: '256MB', threads: 1 });
    try {
      await scratch.insertArrowIPC('t', await ch.queryArrow(sql + ARROW_SETTINGS, costParams(parseBillingConfig('{}', 'config.json'))), {
        create: true,
      });
      return await tagRows(scratch, 'SELECT * FROM t');
    } finally {
      await scratch.close();
    }
  };

  it("reads every line's Tags JSON as the local ingest explodes it (escapes, null, bare numbers, escaped keys)", async () => {
    const fromFiles = await tagRows(fileEngine, 'SELECT * FROM cost_tags');
    expect(fromFiles).toContain(`${fromFiles.find((r) => r.includes('|team|data'))?.split('|')[0]}|team|data "lake" / ops`);
    expect(fromFiles.some((r) => r.endsWith('|customer|null'))).toBe(true);
    expect(fromFiles.some((r) => r.endsWith('|sku/legacy|old'))).toBe(true);
    expect(await chTags(lineTagsSql(scenarioSource('costs'), 'json', 'x_line_id'))).toEqual(fromFiles);
  });

  it('reads a Map(String, String) Tags column entry by entry, and refuses any other type', async () => {
    // The plain lines' tags as a map, the way a FOCUS table in ClickHouse may hold them.
    await ch.exec(`CREATE TABLE costs.cost_lines_map ENGINE = MergeTree ORDER BY tuple() AS
      SELECT * EXCEPT Tags, CAST(JSONExtractKeysAndValues(ifNull(Tags, '{}'), 'String') AS Map(String, String)) AS Tags
      FROM (SELECT * FROM costs.cost_lines WHERE Tags IS NULL OR NOT match(Tags, 'null|\\\\|[0-9],|[0-9]}'))`);
    const source = scenarioSource('costs', { cost_lines: { table: 'cost_lines_map' } });
    const q = tagStorageSql(source)!;
    const scratch = await createNativeEngine({ memoryLimit: '256MB', threads: 1 });
    await scratch.insertArrowIPC('t', await ch.queryArrow(q.sql + ARROW_SETTINGS, q.params), { create: true });
    const [{ type }] = await scratch.query<{ type: string }>('SELECT type FROM t');
    await scratch.close();
    expect(tagStorageOf(source, type)).toBe('map');
    const kept = await ch.queryArrow('SELECT x_line_id FROM costs.cost_lines_map' + ARROW_SETTINGS);
    const keep = await createNativeEngine({ memoryLimit: '256MB', threads: 1 });
    engines.push(keep);
    await keep.insertArrowIPC('k', kept, { create: true });
    const ids = (await keep.query<{ x_line_id: number }>('SELECT x_line_id FROM k')).map((r) => Number(r.x_line_id));
    const fromFiles = (await tagRows(fileEngine, 'SELECT * FROM cost_tags')).filter((r) => ids.includes(Number(r.split('|')[0])));
    expect(fromFiles.length).toBeGreaterThan(100);
    expect(await chTags(lineTagsSql(source, 'map', 'x_line_id'))).toEqual(fromFiles);
    expect(() => tagStorageOf(source, 'Array(String)')).toThrow(
      /costs\.cost_lines_map\.Tags: expected Tags as JSON text \(String\) or Map\(String, String\), got Array\(String\)/,
    );
    expect(() => tagStorageOf(source, undefined)).toThrow(/no such column/);
  });

  // Last: it re-runs the file engine's analysis with another config.
  it("a cost_tags table, proportional shared cost and a SKU alias on a tag value give the file run's outputs", async () => {
    const text = JSON.stringify({
      ...JSON.parse(inputs.find((f) => f.name === 'config.json')!.text),
      shared_cost: 'proportional',
      sku_aliases: { legacy_storage: 'storage_gb' },
    });
    const config = parseBillingConfig(text, 'config.json');
    const files = Object.fromEntries(runOutputFiles(completeRun(await runAnalysis(fileEngine, { config }))));
    const local = await createNativeEngine({ memoryLimit: '1GB', threads: 2 });
    engines.push(local);
    const moved = await pushdownLoad(ch, local, scenarioSource('costs', { cost_tags: { table: 'cost_tags' } }), config);
    expect(moved.costStaged).toBe(true);
    const warehouse = Object.fromEntries(runOutputFiles(completeRun(await runAnalysis(local, { config, usageStaged: true, costStaged: true }))));
    expect(files['margin.csv']).toMatch(/storage_gb/);
    expect(files['margin.csv']).not.toMatch(/legacy_storage|\(unallocated\),,,USD/);
    for (const name of SAME) expect(warehouse[name], name).toBe(files[name]);
  }, 120_000);
});
