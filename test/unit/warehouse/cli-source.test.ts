/**
 * `finops analyze --source chdb:///folder?database=billing` (a ClickHouse data folder read in-process)
 * writes the same reconciliation, margin and proposals as `finops analyze` on the files, and its
 * output and summary never carry the warehouse password. Skipped, saying so, without chdb.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createNativeEngine } from '../../../src/engine/node-native-engine';
import { loadChdb, openChdb } from '../../../src/warehouse/node-chdb-client';
import { PASSWORD_ENV } from '../../../src/warehouse/settings';
import { writeScenario } from '../../../scripts/gen-scenario';
import { analyzeFiles } from '../../run/analyze-files';
import { analyzeCli, cliOutputs, inputFiles } from '../../run/cli-outputs';
import { copyToChdb, PUSHED_DOWN_OUTPUTS } from './chdb-scenario';

const chdb = await loadChdb();
if (!chdb) console.log('warehouse CLI test skipped: chdb is not installed (npm install --no-save chdb@3.4.0)');

const SAME = PUSHED_DOWN_OUTPUTS;
const SECRET = 'pw-Never-Printed-42';

describe.skipIf(!chdb)('finops analyze --source', () => {
  let files: Record<string, string>;
  let run: Awaited<ReturnType<typeof analyzeCli>>;
  let folder: string;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'finops-warehouse-cli-'));
    writeScenario(dir, { seed: 11 });
    folder = path.join(dir, 'chdata');
    const engine = await createNativeEngine({ memoryLimit: '1GB', threads: 2 });
    await analyzeFiles(engine, inputFiles(dir), 'config.json');
    const ch = await openChdb(folder);
    await copyToChdb(engine, ch, 'billing');
    await ch.close();
    await engine.close();
    files = await cliOutputs(dir);
    process.env[PASSWORD_ENV] = SECRET;
    run = await analyzeCli(dir, ['--source', `chdb://${folder}?database=billing`, '--config', 'config.json']);
    delete process.env[PASSWORD_ENV];
  }, 300_000);

  it.each(SAME)('%s is byte-identical to the file run', (name) => expect(run.files[name]).toBe(files[name]));

  it('reports what crossed from the warehouse, and never the password', () => {
    expect(run.stdout).toMatch(/pushed down to chdb:\/\/.*rows moved/);
    // The cost side crossed as aggregates (tags read from cost_lines.Tags), never as lines.
    expect(run.stdout).toMatch(/"__cs_alloc":\d+/);
    expect(run.stdout).not.toMatch(/"cost_lines":/);
    const summary = JSON.stringify(run.summary);
    expect(summary).toContain('"warehouse"');
    for (const text of [run.stdout, summary, ...Object.values(run.files)]) expect(text).not.toContain(SECRET);
    expect(readFileSync(path.join(folder, '..', 'config.json'), 'utf8')).not.toContain(SECRET);
  });

  it('cost lines from files with a warehouse that names none (cost_lines=) give the file run, and cost lines in both places are refused', async () => {
    const url = `chdb://${folder}?database=billing`;
    const local = await analyzeCli(dir, ['--source', `${url}&cost_lines=`, '--cost', 'cost_focus.csv', '--config', 'config.json']);
    expect(local.stdout).not.toMatch(/__cs_alloc/);
    for (const name of ['margin.csv', 'provider_check.csv', 'anomalies.csv']) expect(local.files[name], name).toBe(files[name]);
    const both = await analyzeCli(dir, ['--source', url, '--cost', 'cost_focus.csv', '--config', 'config.json']).catch(
      (e: unknown) => e as Error & { stderr: string },
    );
    expect((both as { stderr: string }).stderr).toMatch(/cost lines are both in the warehouse and loaded from files \(\d+ lines\)/);
  }, 300_000);
});
