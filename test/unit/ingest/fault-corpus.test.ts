/**
 * The fault corpus (test/faults): every file loads through the real loadFile path on one Node
 * engine with the rows and exact per-currency totals its manifest states, or is refused with its
 * one-line error naming the file (and row/line and column where the fault sits). A refused file
 * leaves the tables as they were. Runs on the wasm engine and on native DuckDB (its own readers).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCanonicalTables } from '../../../src/engine/ddl';
import { loadLocalFile } from '../../../src/ingest/node-files';
import { initParquetNode } from '../../../src/ingest/node-parquet';
import { UserError } from '../../../src/model/errors';
import { createNativeEngine } from '../../../src/engine/node-native-engine';
import { adapters, createNodeEngine, type Engine } from './helpers';

const ROOT = path.resolve(__dirname, '../../faults');
const FILES = path.join(ROOT, 'files');

type Outcome = { format: string; rows: number; totals: Record<string, Record<string, string>> } | { error: string; whole_file?: boolean };
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'manifest.json'), 'utf8')) as { files: Record<string, Outcome> };

const ENGINES: [string, () => Promise<Engine>][] = [
  ['wasm', createNodeEngine],
  ['native', () => createNativeEngine({ memoryLimit: '1GB', threads: 2 })],
];

describe.each(ENGINES)('fault corpus on %s', (_name, create) => {
  let engine: Engine;
  beforeAll(async () => {
    await initParquetNode();
    engine = await create();
    await ensureCanonicalTables(engine);
  });
  afterAll(async () => engine?.close());

  it('has an expected outcome for every file, and at least 60 files', () => {
    const files = readdirSync(FILES).sort();
    expect(files.length).toBeGreaterThanOrEqual(60);
    expect(Object.keys(manifest.files).sort()).toEqual(files);
  });

  it('every file loads as stated or is refused with its one-line error', async () => {
    const got: Record<string, Outcome> = {};
    const loaded: Record<string, number> = { cost_lines: 0, invoice_lines: 0, usage_events: 0, price_book: 0 };
    for (const name of Object.keys(manifest.files).sort()) {
      try {
        const r = await loadLocalFile(engine, path.join(FILES, name), { name, adapters });
        got[name] = { format: r.format, rows: r.rows, totals: r.totals };
        loaded[r.table] += r.rows;
      } catch (e) {
        if (!(e instanceof UserError)) throw new Error(`${name}: not a user error: ${(e as Error).message}`, { cause: e });
        expect(e.message.startsWith(`${name}: `), e.message).toBe(true);
        expect(e.message).not.toContain('\n');
        const rest = e.message.slice(name.length + 2);
        const expected = manifest.files[name];
        got[name] = { error: rest, ...('error' in expected && expected.whole_file ? { whole_file: true } : {}) };
      }
    }
    expect(got).toEqual(manifest.files);
    // All or nothing: the tables hold exactly the rows of the files that loaded, none of a refused one.
    const counts = Object.keys(loaded).map((t) => `(SELECT count(*) FROM ${t}) AS ${t}`);
    expect((await engine.query(`SELECT ${counts.join(', ')}`))[0]).toEqual(loaded);
    // Refusals name where the fault is, unless the file as a whole is unreadable.
    for (const [name, o] of Object.entries(manifest.files)) {
      if ('error' in o && !o.whole_file) expect(o.error, name).toMatch(/^(row|line) \d+/);
    }
  }, 120_000);
});
