/** The DDL of the canonical tables (their columns are declared in model/schema.ts). */
import type { Engine } from './engine';
import { ident } from './sql';
import { CANONICAL_TABLES, type CanonicalTable } from '../model/schema';

export function createTableSql(table: CanonicalTable): string {
  const cols = CANONICAL_TABLES[table].map((c) => `${ident(c.name)} ${c.type}`).join(', ');
  return `CREATE TABLE IF NOT EXISTS ${ident(table)} (${cols})`;
}

/** Creates every canonical table that does not exist yet (idempotent). */
export async function ensureCanonicalTables(engine: Engine): Promise<void> {
  for (const t of Object.keys(CANONICAL_TABLES) as CanonicalTable[]) await engine.exec(createTableSql(t));
}

/** Creates (or empties) temporary tables from a table -> column list map: staged aggregates a file run or a warehouse fills alike. */
export async function createTempTables(engine: Engine, ddl: Readonly<Record<string, string>>): Promise<void> {
  for (const [t, cols] of Object.entries(ddl)) await engine.exec(`CREATE OR REPLACE TEMP TABLE ${t} (${cols})`);
}
