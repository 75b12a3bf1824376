/**
 * Checks a read-only console statement before the grid runs it: its columns (the grid's own
 * DESCRIBE), an engine error told about the analyst's text, and each DECIMAL column narrowed to
 * the scale its values need, so DECIMAL(38,18) sums do not print eighteen decimals.
 */
import type { Engine } from '../../../src/engine/engine';
import type { DescribeRow } from '../../../src/queries/grid/page';
import { runQuery } from '../../../src/queries/query';
import { consoleCheck, consoleDecimalScales, consoleErrorText } from '../../../src/queries/sql/console';

const DECIMAL = /^DECIMAL\((\d+),\s*(\d+)\)$/i;

export async function consoleColumns(engine: Engine, statement: string): Promise<{ describe: DescribeRow[] } | { error: string }> {
  let describe: DescribeRow[];
  try {
    describe = await runQuery(engine, consoleCheck(statement));
  } catch (e) {
    return { error: consoleErrorText(e instanceof Error ? e.message : String(e), statement) };
  }
  const decimals = describe.filter((d) => Number(DECIMAL.exec(d.column_type)?.[2] ?? 0) > 0);
  if (decimals.length === 0) return { describe };
  try {
    const [scales] = await runQuery(
      engine,
      consoleDecimalScales(
        statement,
        decimals.map((d) => d.column_name),
      ),
    );
    const needed = new Map(decimals.map((d, i) => [d, scales[`s${i}`]]));
    return {
      describe: describe.map((d) => {
        const s = needed.get(d);
        return s === undefined ? d : { ...d, column_type: d.column_type.replace(DECIMAL, (_m, p: string) => `DECIMAL(${p},${s})`) };
      }),
    };
  } catch {
    // The grid will show the engine's error; the declared scales stand meanwhile.
    return { describe };
  }
}
