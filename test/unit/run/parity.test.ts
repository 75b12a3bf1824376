/**
 * The CLI and the app give the same findings and proposals: `finops analyze` (a real
 * subprocess) against the app's path (files opened by bytes, the anomaly statistics handed across
 * a structured clone as to the app's worker), on the demo company and on a generated scenario
 * with every planted fault. Every output file must match byte for byte. The worker-engine half
 * of this check runs in Chromium (test/ui/contract.spec.ts).
 */
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine';
import { createNodeEngine } from '../../../src/engine/node-engine';
import { detectInline, type SeriesDetector } from '../../../src/analysis/anomaly/detect-all';
import { writeScenario } from '../../../scripts/gen-scenario';
import { analyzeFiles } from '../../run/analyze-files';
import { cliOutputs, inputFiles, OUTPUT_FILES } from '../../run/cli-outputs';

/** Series and findings cross a structured clone, as they do to and from the app's anomaly worker. */
const acrossWorker: SeriesDetector = async (series, opts) => structuredClone(await detectInline(structuredClone(series), structuredClone(opts)));

describe.each([
  ['the demo company', () => path.resolve(__dirname, '../../../samples/demo')],
  [
    'a generated month with every planted fault',
    () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'finops-parity-'));
      writeScenario(dir, { seed: 11 });
      return dir;
    },
  ],
])('CLI and app on %s', (_name, makeDir) => {
  let engine: Engine;
  let cli: Record<string, string>;
  let app: Record<string, string>;
  beforeAll(async () => {
    const dir = makeDir();
    engine = await createNodeEngine();
    [cli, app] = await Promise.all([cliOutputs(dir), analyzeFiles(engine, inputFiles(dir), 'config.json', { detector: acrossWorker })]);
  }, 240_000);
  afterAll(async () => engine?.close());

  it('writes the same files', () => {
    expect(Object.keys(app).sort()).toEqual(Object.keys(cli).sort());
  });
  it.each(OUTPUT_FILES)('%s is byte-identical', (file) => {
    expect(app[file]).toBeDefined();
    expect(app[file]).toBe(cli[file]);
  });
  it('has findings to compare (the comparison is not vacuous)', () => {
    const doc = JSON.parse(cli['proposals.json']) as { proposals: unknown[] };
    expect(doc.proposals.length).toBeGreaterThan(0);
    expect(cli['anomalies.csv'].split('\r\n').length).toBeGreaterThan(2);
  });
});

describe('fraud findings reach the proposals on both paths', () => {
  let engine: Engine;
  let dir: string;
  beforeAll(async () => {
    engine = await createNodeEngine();
    dir = mkdtempSync(path.join(tmpdir(), 'finops-parity-fraud-'));
    writeScenario(dir, { seed: 5 });
    // A customer nobody invoiced: metered usage with no billed line (usage_without_billing).
    const event = (i: number) =>
      JSON.stringify({
        specversion: '1.0',
        id: `evt_mallory_${i}`,
        source: 'gateway.northwind.example',
        type: 'api_calls',
        subject: 'mallory',
        time: `2024-03-0${i}T02:00:00.000Z`,
        datacontenttype: 'application/json',
        data: { value: '5000' },
      });
    appendFileSync(path.join(dir, 'usage_cloudevents.ndjson'), [1, 2, 3].map(event).join('\n') + '\n');
  }, 60_000);
  afterAll(async () => engine?.close());

  it('a confirmed fraud finding is evidence on the memo that prices the same money, in the CLI as in the app', async () => {
    const first = await cliOutputs(dir);
    const fraudId = first['fraud.csv'].split('\r\n')[1].split(',')[0];
    expect(fraudId).toBe('usage_without_billing|mallory|api_calls|2024-03');
    const policy = { confirmedFindingIds: [fraudId] };
    writeFileSync(path.join(dir, 'policy.json'), JSON.stringify(policy));
    const cli = await cliOutputs(dir, ['--policy', 'policy.json']);
    const app = await analyzeFiles(engine, inputFiles(dir), 'config.json', { detector: acrossWorker, policy });
    expect(app['proposals.json']).toBe(cli['proposals.json']);
    const proposals = (JSON.parse(cli['proposals.json']) as { proposals: { customer_id: string; evidence: { kind: string; id?: string }[] }[] })
      .proposals;
    const mallory = proposals.filter((p) => p.customer_id === 'mallory');
    expect(mallory).toHaveLength(1);
    expect(mallory[0].evidence.some((e) => e.kind === 'fraud' && e.id === fraudId)).toBe(true);
  }, 240_000);
});
