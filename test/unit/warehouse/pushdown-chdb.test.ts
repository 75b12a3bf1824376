/**
 * The warehouse run on ClickHouse's own engine (chDB in-process): a generated month with every
 * planted fault loaded into ClickHouse tables, the usage aggregates pushed down there and the run
 * finished locally, gives the same reconciliation, event findings, margin and proposals, byte for
 * byte, as the run on the files. Skipped, saying so, where chdb is not installed (.ci/run installs it).
 */
import { mkdtempSync } from 'node:fs';
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
import { writeScenario } from '../../../scripts/gen-scenario';
import { analyzeFiles } from '../../run/analyze-files';
import { inputFiles } from '../../run/cli-outputs';
import { copyToChdb, scenarioSource } from './chdb-scenario';

const chdb = await loadChdb();
if (!chdb) console.log('warehouse pushdown tests skipped: chdb is not installed (npm install --no-save chdb@3.4.0)');

/** Outputs the warehouse run computes from pushed-down usage aggregates (anomalies and fraud still read single events). */
const SAME = ['reconciliation.csv', 'event_findings.csv', 'margin.csv', 'margin_detail.csv', 'provider_check.csv', 'proposals.csv', 'proposals.json'];

describe.skipIf(!chdb)('warehouse pushdown on chDB', () => {
  const engines: Engine[] = [];
  let ch: ChdbWarehouse;
  let files: Record<string, string>;
  let warehouse: Record<string, string>;
  let moved: PushdownResult;
  let events = 0;
  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'finops-warehouse-'));
    writeScenario(dir, { seed: 11 });
    const inputs = inputFiles(dir);
    const config = parseBillingConfig(inputs.find((f) => f.name === 'config.json')!.text, 'config.json');
    const fileEngine = await createNativeEngine({ memoryLimit: '1GB', threads: 2 });
    const localEngine = await createNativeEngine({ memoryLimit: '1GB', threads: 2 });
    engines.push(fileEngine, localEngine);
    files = await analyzeFiles(fileEngine, inputs, 'config.json');
    events = Number((await fileEngine.query<{ n: number }>('SELECT count(*) AS n FROM usage_events'))[0].n);
    ch = await openChdb();
    await copyToChdb(fileEngine, ch, 'billing');
    moved = await pushdownLoad(ch, localEngine, scenarioSource('billing'), config);
    warehouse = Object.fromEntries(runOutputFiles(completeRun(await runAnalysis(localEngine, { config, usageStaged: true }))));
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
    const codes = new Set(
      files['event_findings.csv']
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[0]),
    );
    for (const c of ['duplicate_event', 'late_event']) expect(codes).toContain(c);
  });

  it('moves aggregates, not events', () => {
    expect(moved.rowsMoved.usage_events).toBeUndefined();
    const aggregated = moved.rowsMoved.__rc_metered + moved.rowsMoved.__rc_ev_groups + moved.rowsMoved.__wh_group_rows;
    expect(aggregated).toBeLessThan(events / 2);
  });
});
