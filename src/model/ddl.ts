import type { Engine } from '../engine/engine';
import { ident } from '../engine/sql';
import { CANONICAL_TABLES, type CanonicalTable } from './schema';

export function createTableSql(table: CanonicalTable): string {
  const cols = CANONICAL_TABLES[table].map((c) => `${ident(c.name)} ${c.type}`).join(', ');
  return `CREATE TABLE IF NOT EXISTS ${ident(table)} (${cols})`;
}

/** Creates every canonical table that does not exist yet (idempotent). */
export async function ensureCanonicalTables(engine: Engine): Promise<void> {
  for (const t of Object.keys(CANONICAL_TABLES) as CanonicalTable[]) await engine.exec(createTableSql(t));
}
