/**
 * The analyses give byte-identical outputs on the wasm blocking build and on native DuckDB (the
 * CLI's default), on the demo company and on a generated scenario with every planted fault. The
 * native engine reads the files with DuckDB's own readers, the wasm one with the JS readers, so
 * this also holds the two ingest paths to the same canonical tables.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine';
import { createNodeEngine } from '../../../src/engine/node-engine';
import { createNativeEngine } from '../../../src/engine/node-native-engine';
import { writeScenario } from '../../../scripts/gen-scenario';
import { analyzeFiles } from '../../run/analyze-files';
import { inputFiles, OUTPUT_FILES } from '../../run/cli-outputs';

describe.each([
  ['the demo company', () => path.resolve(__dirname, '../../../samples/demo')],
  [
    'a generated month with every planted fault',
    () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'finops-engine-parity-'));
      writeScenario(dir, { seed: 11 });
      return dir;
    },
  ],
])('wasm and native engines on %s', (_name, makeDir) => {
  const engines: Engine[] = [];
  let wasm: Record<string, string>;
  let native: Record<string, string>;
  beforeAll(async () => {
    const files = inputFiles(makeDir());
    engines.push(await createNodeEngine(), await createNativeEngine({ memoryLimit: '1GB', threads: 2 }));
    wasm = await analyzeFiles(engines[0], files, 'config.json');
    native = await analyzeFiles(engines[1], files, 'config.json');
  }, 240_000);
  afterAll(async () => Promise.all(engines.map((e) => e.close())));

  it('write the same files', () => {
    expect(Object.keys(native).sort()).toEqual(Object.keys(wasm).sort());
  });
  it.each(OUTPUT_FILES)('%s is byte-identical', (file) => {
    expect(native[file]).toBeDefined();
    expect(native[file]).toBe(wasm[file]);
  });
});
