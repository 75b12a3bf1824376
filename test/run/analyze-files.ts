/**
 * The app's path from files to the analysis outputs, without the UI: files opened as the
 * renderer opens them (bytes and a name, kind found from the header), the config applied, the
 * analysis run with the given anomaly detector, its outputs rendered as `finops analyze` files.
 * Used by the Node parity test and, in Chromium, by the worker-build contract page.
 */
import type { Engine } from '../../src/engine/engine';
import { loadFile } from '../../src/ingest/pipeline';
import { createAdapterRegistry } from '../../src/ingest/registry';
import { parseBillingConfig } from '../../src/model/mappings';
import type { SeriesDetector } from '../../src/analysis/anomaly/detect-all';
import { completeRun, runAnalysis } from '../../src/run/analysis-run';
import { runOutputFiles } from '../../src/run/csv-outputs';
import type { Policy } from '../../src/proposals/policy';

export interface InputFile {
  name: string;
  text: string;
}

export async function analyzeFiles(
  engine: Engine,
  files: InputFile[],
  configName: string,
  opts: { detector?: SeriesDetector; policy?: Partial<Policy> } = {},
): Promise<Record<string, string>> {
  const config = parseBillingConfig(files.find((f) => f.name === configName)!.text, configName);
  const adapters = createAdapterRegistry(config);
  for (const f of files) {
    if (f.name === configName) continue;
    await loadFile(engine, { name: f.name, adapters, source: { kind: 'buffer', data: new TextEncoder().encode(f.text) } });
  }
  const run = completeRun(await runAnalysis(engine, { config, ...opts }));
  return Object.fromEntries(runOutputFiles(run));
}
