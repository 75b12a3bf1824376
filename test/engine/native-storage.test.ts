/**
 * Native DuckDB keeps the canonical tables of a large load compressed in a database file of its
 * own, not as uncompressed in-memory tables: cost_lines has ~70 columns, most of them empty in any
 * one export, and held uncompressed a 100M-line load needs tens of GB of memory or spill. Loads
 * that fit in half the memory cap stay in memory (faster).
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNativeEngine, sizeBytes, storageEstimate, type NativeEngine } from '../../src/engine/node-native-engine';
import { ensureCanonicalTables } from '../../src/engine/ddl';

const LINES = 200_000;
let engine: NativeEngine;

beforeAll(async () => {
  // 200k lines expected of 512 MB: the default picks the database file.
  engine = await createNativeEngine({ memoryLimit: '512MB', threads: 1, expectedBytes: 300e6 });
  await ensureCanonicalTables(engine);
});
afterAll(async () => engine?.close());

describe('native engine storage', () => {
  it('holds a committed load of cost lines compressed, not as uncompressed memory', async () => {
    await engine.transaction(() =>
      engine.exec(
        `INSERT INTO cost_lines (x_line_id, source_file, source_row, "BilledCost", "BillingCurrency", "ServiceName")
         SELECT k, 'big.csv', k, k, 'USD', 'Compute' FROM range(1, ${LINES + 1}) t(k)`,
      ),
    );
    const [m] = await engine.query(
      `SELECT CAST(coalesce(sum(memory_usage_bytes), 0) AS BIGINT) AS b FROM duckdb_memory() WHERE tag = 'IN_MEMORY_TABLE'`,
    );
    // Uncompressed, 200k lines of ~70 columns take ~90 MB of in-memory table; compressed on disk, next to none.
    expect(Number(m.b)).toBeLessThan(8 * 2 ** 20);
    const [n] = await engine.query(`SELECT count(*) AS n, CAST(sum("BilledCost") AS VARCHAR) AS s FROM cost_lines`);
    expect(n).toEqual({ n: LINES, s: String((LINES * (LINES + 1)) / 2) + '.000000000000000000' });
  });

  it('removes its database file on close', async () => {
    const e = await createNativeEngine({ threads: 1, storage: 'file' });
    const [{ file }] = await e.query(`SELECT path AS file FROM duckdb_databases() WHERE database_name = current_database()`);
    expect(existsSync(String(file))).toBe(true);
    await e.close();
    expect(existsSync(String(file))).toBe(false);
  });

  it('chooses memory for loads that fit in half the cap, a file beyond, and sizes as DuckDB writes them', async () => {
    const where = async (o: Parameters<typeof createNativeEngine>[0]) => {
      const e = await createNativeEngine({ threads: 1, ...o });
      const [{ file }] = await e.query(`SELECT coalesce(path, ':memory:') AS file FROM duckdb_databases() WHERE database_name = current_database()`);
      await e.close();
      return String(file) === ':memory:' ? 'memory' : 'file';
    };
    expect(await where({ memoryLimit: '1GB', expectedBytes: 400e6 })).toBe('memory');
    expect(await where({ memoryLimit: '1GB', expectedBytes: 600e6 })).toBe('file');
    expect(await where({ memoryLimit: '1GB', expectedBytes: 600e6, storage: 'memory' })).toBe('memory');
    expect([sizeBytes('4GB'), sizeBytes('512 MiB'), sizeBytes('1.5gb'), sizeBytes('lots')]).toEqual([4e9, 512 * 2 ** 20, 1.5e9, null]);
    expect(
      storageEstimate([
        { name: 'a.parquet', size: 10 },
        { name: 'b.csv', size: 10 },
        { name: 'c.csv.gz', size: 1 },
      ]),
    ).toBe(360);
  });
});
