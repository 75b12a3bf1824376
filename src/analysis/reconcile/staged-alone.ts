/**
 * A run over warehouse aggregates reads the staged usage (and cost, when the warehouse maps cost
 * lines) instead of the canonical tables: rows loaded from files into those tables as well would
 * be left out of every figure without a word, so such a run is refused, naming how many.
 */
import type { Engine } from '../../engine/engine';
import { UserError } from '../../model/errors';

export interface StagedParts {
  usageStaged?: boolean;
  costStaged?: boolean;
}

/** `where`: what the message names (the warehouse source), `costHint`: how to leave the cost lines to the files. */
export async function refuseFilesBesideStaged(engine: Engine, parts: StagedParts, where = 'the warehouse', costHint = ''): Promise<void> {
  const checks = [
    parts.usageStaged && { table: 'usage_events', what: 'usage events', unit: 'events', hint: '' },
    parts.costStaged && { table: 'cost_lines', what: 'cost lines', unit: 'lines', hint: costHint },
  ].filter((c) => !!c);
  for (const c of checks) {
    const [{ n }] = await engine.query<{ n: number }>(`SELECT count(*) AS n FROM ${c.table}`);
    if (Number(n) > 0)
      throw new UserError(
        `${where}: ${c.what} are both in the warehouse and loaded from files (${Number(n)} ${c.unit}), and the analysis reads the warehouse's only: give them in one place (close those files${c.hint})`,
        { file: where, expected: `${c.what} in one place` },
      );
  }
}
