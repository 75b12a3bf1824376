/** Empties every canonical table (a workspace is being reopened), keeping the tables themselves. */
import type { Engine } from '../../engine/engine';
import { ident } from '../../engine/sql';
import { CANONICAL_TABLES } from '../../model/schema';

export async function clearCanonicalTables(engine: Engine): Promise<void> {
  for (const t of Object.keys(CANONICAL_TABLES)) await engine.exec(`DELETE FROM ${ident(t)}`);
}
