/**
 * User SQL reaches only what the user loaded: DuckDB's file functions cannot read (or write) other
 * files through the SQL console, read-only or with changes allowed, and the lockdown cannot be
 * undone by a statement; loaded tables query as before and later loads still work.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine';
import { loadFile } from '../../../src/ingest/pipeline';
import { openLocalFile } from '../../../src/ingest/node-files';
import { createAdapterRegistry } from '../../../src/ingest/registry';
import { engineRefusal } from '../../../src/queries/sql/console';
import { consoleColumns } from '../../../renderer/features/sql/console-columns';
import { demoConfig, demoTables } from './demo-company';
import { createNodeEngine } from '../../../src/engine/node-engine';
import { createNativeEngine } from '../../../src/engine/node-native-engine';

const engines: [string, () => Promise<Engine>][] = [
  ['wasm', () => createNodeEngine()],
  ['native', () => createNativeEngine({ memoryLimit: '512MB', threads: 1 })],
];

describe.each(engines)('%s engine', (_name, create) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await demoTables(create);
  });
  afterAll(async () => engine?.close());

  /** The console's read-only path: the check the screen runs before the grid. */
  const consoleError = async (sql: string) => {
    const r = await consoleColumns(engine, sql);
    return 'error' in r ? r.error : null;
  };
  /** The console's "Allow changes" path: the statement runs as written; the screen shows this line. */
  const statementError = async (sql: string) =>
    engine.exec(sql).then(
      () => null,
      (e: Error) => engineRefusal(e.message) ?? e.message,
    );

  describe('SQL console file access', () => {
    it.each([
      ["SELECT * FROM read_text('/etc/hostname')", '/etc/hostname'],
      ["SELECT * FROM read_blob('/etc/passwd')", '/etc/passwd'],
      ["SELECT * FROM read_csv('/etc/passwd', header = false)", '/etc/passwd'],
      ["SELECT * FROM glob('/etc/*')", '/etc/*'],
      ["SELECT * FROM read_text('/finops-workbench-registered/../etc/hostname')", '/finops-workbench-registered/../etc/hostname'],
      ["SELECT * FROM read_text('https://example.com/x')", 'https://example.com/x'],
    ])('refuses %s in one line', async (sql, file) => {
      const text = await consoleError(sql);
      expect(text).toBe(
        `The SQL console reaches only the loaded tables and files: "${file}" is not one of them (open it on the Data screen to load it).`,
      );
      expect(await statementError(sql)).toBe(text);
    });

    it('refuses writing files, attaching databases and turning the lockdown off, even with changes allowed', async () => {
      expect(await statementError("COPY cost_lines TO '/tmp/finops-leak.csv'")).toMatch(/^The SQL console reaches only .*"\/tmp\/finops-leak\.csv"/);
      expect(await statementError("ATTACH '/tmp/finops-other.db' AS other")).toMatch(/^The SQL console reaches only .*"\/tmp\/finops-other\.db"/);
      for (const sql of [
        'SET enable_external_access = true',
        'SET lock_configuration = false',
        "SET allowed_directories = ['/']",
        'RESET allowed_paths',
      ]) {
        expect(await statementError(sql), sql).toBe('The SQL console cannot change engine settings: they are fixed when the engine starts.');
      }
      expect(await statementError('LOAD httpfs')).toMatch(/^The SQL console cannot do this: Loading external extensions is disabled/);
      await expect(engine.query("SELECT count(*) AS n FROM read_text('/etc/hostname')")).rejects.toThrow(/disabled by configuration/);
    });

    it('still queries the loaded tables, and later loads (buffer and path) still work', async () => {
      expect(await consoleError('SELECT count(*) AS n FROM cost_lines')).toBeNull();
      expect(await engine.query('SELECT count(*) AS n FROM cost_lines')).toEqual([{ n: 403 }]);
      const adapters = createAdapterRegistry(demoConfig());
      const prices = path.resolve(__dirname, '../../fixtures/demo-march/price_book.csv');
      const before = (await engine.query<{ n: number }>('SELECT count(*) AS n FROM price_book'))[0].n;
      await loadFile(engine, { ...(await openLocalFile(prices)), adapters });
      const after = (await engine.query<{ n: number }>('SELECT count(*) AS n FROM price_book'))[0].n;
      expect(after).toBeGreaterThan(before);
    });
  });
});
