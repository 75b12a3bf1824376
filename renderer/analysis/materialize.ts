/**
 * Analysis results (plain rows from the core modules) written into DuckDB tables so the screens
 * page, sort and filter them in the same grid as loaded data, and the SQL console can query them.
 * Values are bound as parameters; '' becomes NULL; money stays exact (DECIMAL from strings).
 */
import type { Engine, SqlValue } from '../../src/engine/engine';
import { ident, identList } from '../../src/engine/sql';

export interface TableColumn {
  name: string;
  type: string;
}

const BATCH = 100;

function bindable(v: unknown, type: string): SqlValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v === '' && type !== 'VARCHAR' ? null : v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return v;
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
}

export async function materialize(engine: Engine, table: string, columns: TableColumn[], rows: readonly object[]): Promise<void> {
  await engine.exec(`CREATE OR REPLACE TABLE ${ident(table)} (${columns.map((c) => `${ident(c.name)} ${c.type}`).join(', ')})`);
  const placeholders = `(${columns.map((c) => `CAST(? AS ${c.type})`).join(', ')})`;
  for (let i = 0; i < rows.length; i += BATCH) {
    const chunk = rows.slice(i, i + BATCH) as Record<string, unknown>[];
    const params: SqlValue[] = [];
    for (const r of chunk) for (const c of columns) params.push(bindable(r[c.name], c.type));
    await engine.query(
      `INSERT INTO ${ident(table)} (${identList(columns.map((c) => c.name))}) VALUES ${chunk.map(() => placeholders).join(', ')}`,
      params,
    );
  }
}
