/**
 * In-SQL validation: a cell that does not convert stops the load with DuckDB's error(), carrying
 * the row, the source column, what was expected and the value; the pipeline turns that message
 * into `<file>: row N, column "X": expected ..., got "v"` (errors.ts).
 */
import { literal } from '../../engine/sql';

/** Marker that tags our cell errors inside DuckDB's error message. */
export const CELL_ERROR_MARK = '\u001fFINOPS_CELL';
const SEP = '\u001f';

/** Stops the load naming the cell; a NULL value is reported as "empty". */
export function cellError(col: string, value: string, expected: string): string {
  return `error(${literal(CELL_ERROR_MARK + SEP)} || "__row" || ${literal(SEP + col + SEP + expected + SEP)} || coalesce(${value}, 'empty'))`;
}

/** `value` converted by `tryExpr` (NULL = did not parse); a non-NULL value that fails is an error. */
export function checked(col: string, value: string, tryExpr: string, expected: string): string {
  return `COALESCE(${tryExpr}, CASE WHEN ${value} IS NULL THEN NULL ELSE ${cellError(col, value, expected)} END)`;
}

/** Parses a cell error raised by cellError(); null when the message is something else. */
export function parseCellError(message: string): { row: number; column: string; expected: string; value: string } | null {
  const at = message.indexOf(CELL_ERROR_MARK);
  if (at < 0) return null;
  const parts = message.slice(at + CELL_ERROR_MARK.length + 1).split(SEP);
  if (parts.length < 4) return null;
  const value = parts
    .slice(3)
    .join(SEP)
    .replace(/\n+LINE \d+:[\s\S]*$/, '');
  return { row: Number(parts[0]), column: parts[1], expected: parts[2], value };
}
