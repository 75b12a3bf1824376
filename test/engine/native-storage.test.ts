/**
 * Native DuckDB keeps the canonical tables compressed in a database file of its own, not as
 * uncompressed in-memory tables: cost_lines has ~70 columns, most of them empty in any one
 * export, and held uncompressed a 100M-line load needs tens of GB of memory or spill.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNativeEngine, type NativeEngine } from '../../src/engine/node-native-engine';
import { ensureCanonicalTables } from '../../src/engine/ddl';

const LINES = 200_000;
let engine: NativeEngine;

beforeAll(async () => {
  engine = await createNativeEngine({ memoryLimit: '512MB', threads: 1 });
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
    const e = await createNativeEngine({ threads: 1 });
    const [{ file }] = await e.query(`SELECT path AS file FROM duckdb_databases() WHERE database_name = current_database()`);
    expect(existsSync(String(file))).toBe(true);
    await e.close();
    expect(existsSync(String(file))).toBe(false);
  });
});
