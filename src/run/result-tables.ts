/**
 * The run's output tables written into the engine (analysis_* tables) so the app's screens page,
 * sort and filter them in the same grid as loaded data, and the SQL console can query them.
 * Values are bound as parameters; '' becomes NULL outside text columns; money stays exact
 * (DECIMAL cast from the strings).
 */
import type { Engine, SqlValue } from '../engine/engine';
import { ident, identList } from '../engine/sql';
import { cellValue, type OutputTable } from './output-tables';

const BATCH = 100;

function bindable(v: unknown, type: string): SqlValue {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) return v.join(' ');
  if (typeof v === 'string') return v === '' && type !== 'VARCHAR' ? null : v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return v;
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
}

export async function writeResultTable<R>(engine: Engine, t: OutputTable<R>, rows: readonly R[]): Promise<void> {
  const { columns } = t;
  await engine.exec(`CREATE OR REPLACE TABLE ${ident(t.table)} (${columns.map((c) => `${ident(c.name)} ${c.type}`).join(', ')})`);
  const placeholders = `(${columns.map((c) => `CAST(? AS ${c.type})`).join(', ')})`;
  for (let i = 0; i < rows.length; i += BATCH) {
    const chunk = rows.slice(i, i + BATCH);
    const params: SqlValue[] = [];
    for (const r of chunk) for (const c of columns) params.push(bindable(cellValue(c, r), c.type));
    await engine.query(
      `INSERT INTO ${ident(t.table)} (${identList(columns.map((c) => c.name))}) VALUES ${chunk.map(() => placeholders).join(', ')}`,
      params,
    );
  }
}
